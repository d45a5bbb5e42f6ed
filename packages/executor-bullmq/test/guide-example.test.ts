// The guide's "scaling out" example (docs/guide/examples/scaling-out) needs a Redis and workers,
// which the guide's own example test does not start: it runs here, as a reader would, through its
// run.sh (a Redis, two aio-worker processes, the program), and prints what its // Output: block says.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { startRedis } from "./redis.js";
import { CLI, PACKAGE_DIR } from "./workers.js";

const REPO = resolve(PACKAGE_DIR, "../..");
const EXAMPLE = join(REPO, "docs/guide/examples/scaling-out");

function expectedOutput(source: string): string[] {
  const lines = source.trimEnd().split("\n");
  return lines.slice(lines.lastIndexOf("// Output:") + 1).map((line) => line.replace(/^\/\/ ?/, ""));
}

it("docs/guide/examples/scaling-out/run.sh prints what main.ts's // Output: block says", async () => {
  // A free port: start a Redis there and stop it again, so run.sh can start its own on it.
  const probe = await startRedis();
  const port = probe.port;
  await probe.stop();
  const child = spawn("bash", [join(EXAMPLE, "run.sh")], {
    env: {
      ...process.env,
      PORT: String(port),
      AIO_WORKER: `${process.execPath} ${CLI}`,
      TSX: `${join(REPO, "node_modules/.bin/tsx")} --tsconfig ${join(REPO, "docs/guide/examples/tsconfig.json")}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once("exit", (c) => done(c)));
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  expect(stdout.trimEnd().split("\n")).toEqual(expectedOutput(readFileSync(join(EXAMPLE, "main.ts"), "utf8")));
}, 60_000);
