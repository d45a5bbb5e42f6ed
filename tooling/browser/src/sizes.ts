// Bundle sizes (`pnpm --filter @aio/tooling-browser sizes`): each entry is bundled for the browser
// by esbuild from the built packages (as an app's bundler would: "browser" conditions, tree
// shaking, minified), then gzipped at level 9. `--write` puts the table in this package's README.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { bundleText } from "./bundle.js";
import { TOOL_DIR } from "./paths.js";

/** One measured bundle. */
export interface SizeEntry {
  /** What the row is. */
  label: string;
  /** The entry module's source. */
  source: string;
}

/** The rows of the README table: @aio first, then the peers. */
export const SIZE_ENTRIES: readonly SizeEntry[] = [
  { label: "@aio/future (everything it exports)", source: `export * from "@aio/future";` },
  {
    label: "@aio/loop + @aio/task + @aio/combinators (everything)",
    source: `export * from "@aio/loop"; export * from "@aio/task"; export * from "@aio/combinators";`,
  },
  { label: "@aio/asyncio, the umbrella (everything, WebWorkerExecutor included)", source: `export * from "@aio/asyncio";` },
  {
    label: "@aio/asyncio, a typical program (run, createTask, gather, sleep, Queue)",
    source: `import { run, createTask, gather, sleep, Queue } from "@aio/asyncio";
export const main = () => run(async () => {
  const q = new Queue(1);
  const tasks = [1, 2, 3].map((i) => createTask(async () => { await sleep(0); await q.put(i); return q.get(); }));
  return gather(tasks);
});`,
  },
  { label: "@aio/executor-web (WebWorkerExecutor; acorn and eslint-scope check the jobs)", source: `export * from "@aio/executor-web";` },
  { label: "effection 4 (everything)", source: `export * from "effection";` },
  {
    label: "effection 4, a typical program (run, spawn, sleep, all, createQueue)",
    source: `import { run, spawn, sleep, all, createQueue } from "effection";
export const main = () => run(function* () {
  const q = createQueue();
  const tasks = [];
  for (const i of [1, 2, 3]) tasks.push(yield* spawn(function* () { yield* sleep(0); q.add(i); return i; }));
  return yield* all(tasks);
});`,
  },
  { label: "effect 4, `import { Effect, Fiber }`", source: `export { Effect, Fiber } from "effect";` },
  {
    label: "effect 4, a typical program (Effect, Fiber, Queue)",
    source: `import { Effect, Fiber, Queue } from "effect";
export const main = () => Effect.runPromise(Effect.gen(function* () {
  const q = yield* Queue.bounded(1);
  const fibers = [];
  for (const i of [1, 2, 3]) fibers.push(yield* Effect.forkChild(Effect.gen(function* () { yield* Effect.yieldNow; yield* Queue.offer(q, i); return yield* Queue.take(q); })));
  return yield* Fiber.joinAll(fibers);
}));`,
  },
];

/** A measured row: minified bytes and gzipped bytes. */
export interface SizeRow {
  label: string;
  min: number;
  gzip: number;
}

/** Bundles and measures every entry. */
export async function measureSizes(entries: readonly SizeEntry[] = SIZE_ENTRIES): Promise<SizeRow[]> {
  const rows: SizeRow[] = [];
  for (const entry of entries) {
    // effection's main() imports node:process when it runs on Node: external here, as on a page.
    const { js } = await bundleText(entry.source, { resolveDir: TOOL_DIR, minify: true, externalNodeBuiltins: !entry.source.includes("@aio/") });
    rows.push({ label: entry.label, min: Buffer.byteLength(js), gzip: gzipSync(js, { level: 9 }).length });
  }
  return rows;
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

/** The markdown table. */
export function sizesTable(rows: readonly SizeRow[]): string {
  const lines = ["| bundle | minified | min + gzip |", "|---|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.label} | ${kib(r.min)} | ${kib(r.gzip)} |`);
  return lines.join("\n");
}

const START = "<!-- sizes:start -->";
const END = "<!-- sizes:end -->";

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await measureSizes();
  const table = sizesTable(rows);
  console.log(table);
  if (process.argv.includes("--write")) {
    const readme = join(TOOL_DIR, "README.md");
    const text = readFileSync(readme, "utf8");
    const from = text.indexOf(START);
    const to = text.indexOf(END);
    if (from < 0 || to < from) throw new Error(`README.md has no ${START} ... ${END} block`);
    const stamp = `Measured with esbuild ${(await import("esbuild")).version} (minify, platform browser, ES2022), gzip level 9.`;
    writeFileSync(readme, `${text.slice(0, from + START.length)}\n${table}\n\n${stamp}\n${text.slice(to)}`);
    console.log(`written to ${readme}`);
  }
}
