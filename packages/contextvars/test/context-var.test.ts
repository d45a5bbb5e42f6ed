// ContextVar, Token and Context outside any loop: the top-level context and contexts entered with
// Context.run, checked against what CPython's contextvars does.
import { describe, expect, it } from "vitest";
import { Context, ContextVar, LookupError, Token, copyContext } from "@aio/contextvars";

describe("ContextVar", () => {
  it("get() returns the value set, else the argument default, else the variable's default, else throws LookupError", () => {
    const plain = new ContextVar<number>("plain");
    const withDefault = new ContextVar<string>("withDefault", { default: "d" });
    const undefinedDefault = new ContextVar<string | undefined>("undefinedDefault", { default: undefined });
    const ctx = new Context();
    ctx.run(() => {
      expect(() => plain.get()).toThrow(LookupError);
      expect(() => plain.get()).toThrow("ContextVar plain: no value in the current context and no default");
      expect(plain.get(7)).toBe(7);
      expect(plain.get(undefined)).toBe(undefined);
      expect(withDefault.get()).toBe("d");
      expect(withDefault.get("arg")).toBe("arg"); // the argument wins over the variable's default, as in CPython
      expect(undefinedDefault.get()).toBe(undefined);
      plain.set(1);
      expect(plain.get()).toBe(1);
      expect(plain.get(7)).toBe(1);
      plain.set(undefined as never); // undefined is a value like any other
      expect(plain.get(7)).toBe(undefined);
    });
    const e = new LookupError("x");
    expect(e.name).toBe("LookupError");
    expect(e instanceof Error).toBe(true);
  });

  it("two variables with one name are distinct; name and toString show what they are", () => {
    const a = new ContextVar<number>("same");
    const b = new ContextVar<number>("same", { default: 2 });
    new Context().run(() => {
      a.set(1);
      expect(b.get()).toBe(2);
    });
    expect(a.name).toBe("same");
    expect(String(a)).toBe("<ContextVar name='same'>");
    expect(String(b)).toBe("<ContextVar name='same' default=2 (number)>");
  });

  it("set() changes only the current context, and a copy keeps the values it was made with", () => {
    const v = new ContextVar<string>("v", { default: "none" });
    const outer = new Context();
    outer.run(() => {
      v.set("outer");
      const snapshot = copyContext();
      v.set("changed");
      expect(snapshot.get(v)).toBe("outer");
      snapshot.run(() => {
        expect(v.get()).toBe("outer");
        v.set("inside the copy");
      });
      expect(v.get()).toBe("changed");
      expect(snapshot.get(v)).toBe("inside the copy");
    });
    expect(outer.get(v)).toBe("changed");
  });
});

describe("Token and ContextVar.reset()", () => {
  it("reset(token) restores the previous value, or removes the variable when it had none (Token.MISSING)", () => {
    const v = new ContextVar<number>("v");
    const ctx = new Context();
    ctx.run(() => {
      const t1 = v.set(1);
      expect(t1.var).toBe(v);
      expect(t1.oldValue).toBe(Token.MISSING);
      const t2 = v.set(2);
      expect(t2.oldValue).toBe(1);
      v.reset(t2);
      expect(v.get()).toBe(1);
      v.reset(t1);
      expect(ctx.has(v)).toBe(false);
      expect(() => v.get()).toThrow(LookupError);
    });
    expect(typeof Token.MISSING).toBe("symbol");
  });

  it("a token used twice, of another variable, or made in another context is refused, as in CPython", () => {
    const v = new ContextVar<number>("v");
    const w = new ContextVar<number>("w");
    const ctx = new Context();
    ctx.run(() => {
      const t = v.set(1);
      // Another variable: ValueError in CPython, checked before the context.
      expect(() => w.reset(t as never)).toThrow(RangeError);
      expect(() => w.reset(t as never)).toThrow("ContextVar.reset(token): <Token var=<ContextVar name='v'>> was created by a different ContextVar");
      // Another context: ValueError.
      const other = copyContext();
      const e = other.run(() => {
        try {
          v.reset(t);
        } catch (error) {
          return error as Error;
        }
        return null;
      });
      expect(e).toBeInstanceOf(RangeError);
      expect(e!.message).toBe("ContextVar.reset(token): <Token var=<ContextVar name='v'>> was created in a different Context");
      v.reset(t);
      // Used twice: RuntimeError, checked first.
      expect(() => v.reset(t)).toThrow("ContextVar.reset(token): <Token used var=<ContextVar name='v'>> has already been used once");
      expect(() => w.reset(t as never)).toThrow("has already been used once");
      try {
        v.reset(t);
      } catch (error) {
        expect((error as Error).constructor).toBe(Error);
      }
    });
  });

  it("a token is disposable: `using` resets the variable at the end of the block", () => {
    const v = new ContextVar<string>("v", { default: "before" });
    new Context().run(() => {
      {
        using token = v.set("inside");
        expect(v.get()).toBe("inside");
        expect(token.oldValue).toBe(Token.MISSING);
      }
      expect(v.get()).toBe("before");
    });
  });
});

describe("Context", () => {
  it("is an empty read-only mapping when new, with get (null by default), has, size and iteration", () => {
    const a = new ContextVar<number>("a");
    const b = new ContextVar<string>("b", { default: "x" });
    const ctx = new Context();
    expect(ctx.size).toBe(0);
    expect(ctx.get(a)).toBe(null);
    expect(ctx.get(b)).toBe(null); // the variable's default is not consulted
    expect(ctx.get(a, 5)).toBe(5);
    expect(String(ctx)).toBe("<Context empty>");
    ctx.run(() => {
      a.set(1);
      b.set("two");
    });
    expect(ctx.size).toBe(2);
    expect(ctx.has(a) && ctx.has(b)).toBe(true);
    expect([...ctx]).toEqual([[a, 1], [b, "two"]]);
    expect([...ctx.keys()]).toEqual([a, b]);
    expect([...ctx.values()]).toEqual([1, "two"]);
    expect([...ctx.entries()]).toEqual([[a, 1], [b, "two"]]);
    expect(String(ctx)).toBe('<Context a=1 (number) b="two" (string)>');
  });

  it("iteration sees the context as it was when it started", () => {
    const a = new ContextVar<number>("a");
    const b = new ContextVar<number>("b");
    const ctx = new Context();
    ctx.run(() => a.set(1));
    const seen: number[] = [];
    ctx.run(() => {
      for (const [, value] of ctx) {
        seen.push(value as number);
        a.set(10);
        b.set(20);
      }
    });
    expect(seen).toEqual([1]);
    expect(ctx.get(a)).toBe(10);
    expect(ctx.get(b)).toBe(20);
  });

  it("run() passes arguments and the result through, and restores the previous context even when fn throws", () => {
    const v = new ContextVar<string>("v", { default: "top" });
    const ctx = new Context();
    expect(ctx.run((x: number, y: number) => x + y, 2, 3)).toBe(5);
    expect(() =>
      ctx.run(() => {
        v.set("in ctx");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(v.get()).toBe("top");
    expect(ctx.get(v)).toBe("in ctx");
    // And the context can be entered again afterwards.
    expect(ctx.run(() => v.get())).toBe("in ctx");
  });

  it("run() of a context that is already entered throws, as CPython's RuntimeError", () => {
    const ctx = new Context();
    const nested = (): unknown => ctx.run(() => ctx.run(() => 1));
    expect(nested).toThrow(Error);
    expect(nested).toThrow("cannot enter context: <Context empty> is already entered");
    // Entering another context inside is fine, and so is entering the first one again afterwards.
    expect(ctx.run(() => new Context().run(() => 2))).toBe(2);
    expect(ctx.run(() => 3)).toBe(3);
  });

  it("copy() and copyContext() make independent contexts with the same values", () => {
    const v = new ContextVar<number>("v");
    const ctx = new Context();
    ctx.run(() => v.set(1));
    const c1 = ctx.copy();
    ctx.run(() => v.set(2));
    c1.run(() => v.set(3));
    expect([ctx.get(v), c1.get(v)]).toEqual([2, 3]);
    const c2 = ctx.run(() => copyContext());
    expect(c2 === ctx).toBe(false);
    expect(c2.get(v)).toBe(2);
  });
});
