// How the Node host reaches POSIX signals, in the situations the signal tests cannot make real:
// a Node without process.getBuiltinModule (before 20.16), a worker thread, a runtime without
// `process`, and a signal that libuv refuses. The process seen by the module is replaced only for
// the duration of one synchronous call.
import { afterEach, describe, expect, it, vi } from "vitest";

type NodeSignals = typeof import("../src/node-signals.js");

/** A fresh copy of the module (its signal table is built once per copy). */
async function freshModule(): Promise<NodeSignals> {
  vi.resetModules();
  return import("../src/node-signals.js");
}

/** Runs `body` with `globalThis.process` replaced by `stand`. */
function withProcess<T>(stand: unknown, body: () => T): T {
  const real = globalThis.process;
  globalThis.process = stand as NodeJS.Process;
  try {
    return body();
  } finally {
    globalThis.process = real;
  }
}

const errorOf = (f: () => void): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
};

afterEach(() => {
  vi.resetModules();
});

describe("signal names", () => {
  it("on this Node: names and numbers resolve to one name, aliases to the first one", async () => {
    const { nodeSignalName } = await freshModule();
    expect(nodeSignalName("SIGINT")).toBe("SIGINT");
    expect(nodeSignalName(2)).toBe("SIGINT");
    expect(nodeSignalName("SIGIOT")).toBe("SIGABRT");
    expect(nodeSignalName(6)).toBe("SIGABRT");
    expect(nodeSignalName("SIGFOO")).toBeNull();
    expect(nodeSignalName(0)).toBeNull();
    expect(nodeSignalName("toString")).toBeNull();
  });

  it("without process.getBuiltinModule: the POSIX names are known as they are, numbers are not", async () => {
    const { nodeSignalName } = await freshModule();
    const { on, off } = process;
    const names = withProcess({ on, off }, () => [
      nodeSignalName("SIGINT"),
      nodeSignalName("SIGTERM"),
      nodeSignalName("SIGSYS"),
      nodeSignalName(2),
      nodeSignalName("SIGIOT"),
      nodeSignalName("SIGFOO"),
    ]);
    expect(names).toEqual(["SIGINT", "SIGTERM", "SIGSYS", null, null, null]);
  });

  it("without process.getBuiltinModule: every POSIX signal name is known", async () => {
    const { nodeSignalName } = await freshModule();
    const posix = "SIGHUP SIGINT SIGQUIT SIGILL SIGTRAP SIGABRT SIGBUS SIGFPE SIGKILL SIGUSR1 SIGSEGV SIGUSR2 SIGPIPE SIGALRM SIGTERM SIGCHLD SIGCONT SIGSTOP SIGTSTP SIGTTIN SIGTTOU SIGURG SIGXCPU SIGXFSZ SIGVTALRM SIGPROF SIGWINCH SIGIO SIGSYS".split(" ");
    const { on, off } = process;
    expect(withProcess({ on, off }, () => posix.map((name) => nodeSignalName(name)))).toEqual(posix);
    expect(withProcess({ on, off }, () => nodeSignalName(""))).toBeNull();
  });

  it("without a process at all (a browser): the POSIX names only, as without getBuiltinModule", async () => {
    const { nodeSignalName } = await freshModule();
    expect(withProcess(undefined, () => [nodeSignalName("SIGINT"), nodeSignalName(2)])).toEqual(["SIGINT", null]);
  });
});

describe("listening for a signal", () => {
  const listener = (): void => {};

  it("refuses where there is no process, naming the reason", async () => {
    const { addNodeSignalListener, removeNodeSignalListener } = await freshModule();
    expect(withProcess(undefined, () => errorOf(() => addNodeSignalListener("SIGUSR2", listener)))).toEqual(
      new Error("signal handlers need Node.js: this runtime has no process object"),
    );
    expect(withProcess({ on: 1 }, () => errorOf(() => addNodeSignalListener("SIGUSR2", listener))).message).toBe(
      "signal handlers need Node.js: this runtime has no process object",
    );
    expect(() => withProcess(undefined, () => removeNodeSignalListener("SIGUSR2", listener))).not.toThrow();
  });

  it("refuses outside the main thread", async () => {
    const { addNodeSignalListener } = await freshModule();
    const on = vi.fn();
    const stand = { on, off: vi.fn(), getBuiltinModule: (id: string) => (id === "node:worker_threads" ? { isMainThread: false } : undefined) };
    expect(withProcess(stand, () => errorOf(() => addNodeSignalListener("SIGUSR2", listener)))).toEqual(
      new Error("signal handlers only work in the main thread (signals are not delivered to worker threads)"),
    );
    expect(on).not.toHaveBeenCalled();
  });

  it("listens in the main thread, and on a Node that cannot tell (no getBuiltinModule)", async () => {
    const { addNodeSignalListener, removeNodeSignalListener } = await freshModule();
    for (const getBuiltinModule of [() => ({ isMainThread: true }), undefined, () => undefined]) {
      const calls: unknown[][] = [];
      const stand = {
        on: (...a: unknown[]) => calls.push(["on", ...a]),
        off: (...a: unknown[]) => calls.push(["off", ...a]),
        getBuiltinModule,
      };
      withProcess(stand, () => addNodeSignalListener("SIGUSR2", listener));
      withProcess(stand, () => removeNodeSignalListener("SIGUSR2", listener));
      expect(calls).toEqual([
        ["on", "SIGUSR2", listener],
        ["off", "SIGUSR2", listener],
      ]);
    }
  });

  it("refuses SIGKILL and SIGSTOP before asking the process", async () => {
    const { addNodeSignalListener } = await freshModule();
    const on = vi.fn();
    const stand = { on, off: vi.fn() };
    expect(withProcess(stand, () => errorOf(() => addNodeSignalListener("SIGKILL", listener)))).toEqual(new Error("SIGKILL cannot be caught"));
    expect(withProcess(stand, () => errorOf(() => addNodeSignalListener("SIGSTOP", listener)))).toEqual(new Error("SIGSTOP cannot be caught"));
    expect(on).not.toHaveBeenCalled();
  });

  it("a signal the process refuses leaves no listener behind, and says why", async () => {
    const { addNodeSignalListener } = await freshModule();
    const offs: unknown[][] = [];
    const stand = {
      on: () => {
        throw new Error("uv_signal_start EINVAL");
      },
      off: (...a: unknown[]) => offs.push(a),
    };
    expect(withProcess(stand, () => errorOf(() => addNodeSignalListener("SIGSEGV", listener)))).toEqual(
      new Error("SIGSEGV cannot be caught: uv_signal_start EINVAL"),
    );
    expect(offs).toEqual([["SIGSEGV", listener]]);
  });
});
