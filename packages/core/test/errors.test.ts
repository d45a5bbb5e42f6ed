import { describe, expect, it } from "vitest";
import { BrokenExecutorError, CancelledError, InvalidStateError, TimeoutError } from "@aio/core";

const classes = [
  ["CancelledError", CancelledError],
  ["InvalidStateError", InvalidStateError],
  ["TimeoutError", TimeoutError],
  ["BrokenExecutorError", BrokenExecutorError],
] as const;

describe("error classes", () => {
  for (const [name, Cls] of classes) {
    describe(name, () => {
      it("is an Error subclass recognised by instanceof", () => {
        const err = new Cls("boom");
        expect(err).toBeInstanceOf(Cls);
        expect(err).toBeInstanceOf(Error);
      });

      it(`is named "${name}" in err.name, String(err) and the stack header`, () => {
        const err = new Cls("boom");
        expect(err.name).toBe(name);
        expect(String(err)).toBe(`${name}: boom`);
        expect(err.stack?.split("\n")[0]).toBe(`${name}: boom`);
        expect(Object.prototype.hasOwnProperty.call(err, "name")).toBe(false);
      });

      it("keeps the message it was given, and an empty one when none was", () => {
        expect(new Cls("why").message).toBe("why");
        expect(new Cls().message).toBe("");
      });
    });
  }

  it("are distinct classes: one is never an instance of another", () => {
    for (const [, A] of classes) {
      for (const [, B] of classes) {
        if (A !== B) expect(new A("x")).not.toBeInstanceOf(B);
      }
    }
  });

  it("can be subclassed and keep instanceof working", () => {
    class Mine extends CancelledError {}
    const err = new Mine("m");
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.name).toBe("CancelledError");
  });
});
