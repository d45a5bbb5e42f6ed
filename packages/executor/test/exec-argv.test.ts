import { describe, expect, it } from "vitest";
import { workerExecArgv } from "../src/exec-argv.js";

describe("workerExecArgv()", () => {
  it("keeps flags that shape the runtime", () => {
    expect(workerExecArgv(["--max-old-space-size=512", "--import", "tsx", "-r", "x", "--conditions=dev"])).toEqual([
      "--max-old-space-size=512", "--import", "tsx", "-r", "x", "--conditions=dev",
    ]);
  });

  it("drops the entry-point and debugger flags of this process, with their values", () => {
    expect(workerExecArgv(["--input-type=module", "-e", "code()", "--eval=x", "-p", "1", "--test", "--test-reporter=dot",
      "--watch", "--watch-path", "src", "--inspect-brk=9229", "--inspect-port", "9230", "--expose-gc"])).toEqual(["--expose-gc"]);
  });
});
