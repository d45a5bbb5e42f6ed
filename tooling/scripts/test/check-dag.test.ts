import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkRepo, findCycles, findImports, formatReport } from "../src/check-dag.js";

interface FixturePackage {
  dependencies?: string[];
  devDependencies?: string[];
  optionalPeers?: string[];
  /** Folders for tsconfig references; defaults to the dependencies. */
  references?: string[];
  /** File path under src/ → contents. */
  src?: Record<string, string>;
}

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const workspace = (names: string[] = []) => Object.fromEntries(names.map((n) => [`@aio/${n}`, "workspace:^"]));

/** Writes packages/<name>/{package.json,tsconfig.json,src/**} into a fresh temp root. */
function fixture(packages: Record<string, FixturePackage>): string {
  const root = mkdtempSync(join(tmpdir(), "check-dag-"));
  roots.push(root);
  for (const [name, pkg] of Object.entries(packages)) {
    const dir = join(root, "packages", name);
    const manifest: Record<string, unknown> = {
      name: `@aio/${name}`,
      dependencies: workspace(pkg.dependencies),
      devDependencies: { "@aio/tooling-config": "workspace:*", ...workspace(pkg.devDependencies) },
    };
    if (pkg.optionalPeers) {
      manifest["peerDependencies"] = workspace(pkg.optionalPeers);
      manifest["peerDependenciesMeta"] = Object.fromEntries(pkg.optionalPeers.map((n) => [`@aio/${n}`, { optional: true }]));
    }
    write(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
    const references = (pkg.references ?? pkg.dependencies ?? []).map((d) => ({ path: `../${d}` }));
    // tsconfig files are JSON with comments; the checker must read them as such.
    write(join(dir, "tsconfig.json"), `{\n  // the build graph\n  "references": ${JSON.stringify(references)},\n}\n`);
    for (const [file, text] of Object.entries(pkg.src ?? {})) write(join(dir, "src", file), text);
  }
  return root;
}

/** The messages of a report, each prefixed by where it is. */
function problems(root: string): string[] {
  return checkRepo(root).violations.map((v) => `${v.where}: ${v.message}`);
}

describe("checkRepo()", () => {
  it("passes a tree whose edges, imports and references all follow the DAG", () => {
    const root = fixture({
      core: { src: { "index.ts": `export const x = 1;\n` } },
      future: { dependencies: ["core"], src: { "index.ts": `import { x } from "@aio/core";\nexport { x };\n` } },
      task: {
        dependencies: ["core", "future"],
        src: {
          "index.ts": `export * from "./task.js";\nexport type { x } from "@aio/future";\n`,
          "task.ts": `import type { x } from "@aio/core";\n// import { y } from "@aio/loop";  (a comment is not an import)\nexport type T = typeof x;\n`,
        },
      },
      loop: {
        dependencies: ["core", "future", "task"],
        optionalPeers: ["executor"],
        src: { "index.ts": `export async function pool() {\n  return import("@aio/executor");\n}\n` },
      },
      executor: { dependencies: ["core", "future"] },
    });
    const report = checkRepo(root);
    expect(report.violations).toEqual([]);
    expect(report.packages).toBe(5);
    expect(report.imports).toBe(5);
    expect(formatReport(report)).toEqual(["dag: ok (5 packages, 5 imports checked)"]);
  });

  it("skips a package that has no src/ yet", () => {
    const root = fixture({ core: {}, future: { dependencies: ["core"] } });
    expect(checkRepo(root)).toEqual({ violations: [], packages: 2, imports: 0 });
  });

  it("fails a dependency cycle and the edge that closes it", () => {
    const root = fixture({
      core: { dependencies: ["future"] },
      future: { dependencies: ["core"] },
    });
    const found = problems(root);
    expect(found).toContain("packages/: dependency cycle: @aio/core -> @aio/future -> @aio/core");
    expect(found).toContain(
      'packages/core/package.json: dependency "@aio/future" is not allowed: @aio/core may depend on nothing',
    );
  });

  it("fails a devDependency that points up the DAG, which also closes a cycle", () => {
    const root = fixture({ core: {}, future: { dependencies: ["core"] }, task: { dependencies: ["core", "future"] } });
    write(
      join(root, "packages/future/package.json"),
      JSON.stringify({ name: "@aio/future", dependencies: workspace(["core"]), devDependencies: workspace(["task"]) }),
    );
    expect(problems(root)).toEqual([
      expect.stringMatching(/^packages\/future\/package\.json: devDependency "@aio\/task" adds a build edge/),
      "packages/: dependency cycle: @aio/future -> @aio/task -> @aio/future",
    ]);
  });

  it("fails an import of a package that package.json does not declare, type-only included", () => {
    const root = fixture({
      core: {},
      future: { dependencies: ["core"] },
      task: {
        dependencies: ["core"],
        references: ["core"],
        src: { "index.ts": `import { x } from "@aio/core";\n\nimport type { F } from "@aio/future";\nexport { x };\n` },
      },
    });
    expect(problems(root)).toEqual([
      'packages/task/src/index.ts:3: imports "@aio/future", which package.json does not declare in dependencies',
    ]);
  });

  it("fails re-exports, deep imports and dynamic imports of undeclared packages", () => {
    const root = fixture({
      core: {},
      sync: {
        dependencies: ["core"],
        src: {
          "index.ts": [
            `export { a } from "@aio/task";`,
            `import { b } from "@aio/core/src/slot.js";`,
            `const c = await import("@aio/loop");`,
          ].join("\n"),
        },
      },
    });
    expect(problems(root)).toEqual([
      'packages/sync/src/index.ts:1: imports "@aio/task", which package.json does not declare in dependencies',
      'packages/sync/src/index.ts:2: deep import "@aio/core/src/slot.js": import the package entry "@aio/core" only',
      'packages/sync/src/index.ts:3: imports "@aio/loop", which package.json does not declare in dependencies',
    ]);
  });

  it("fails a static import of the optional peer", () => {
    const root = fixture({
      core: {},
      executor: { dependencies: ["core"] },
      loop: {
        dependencies: ["core"],
        optionalPeers: ["executor"],
        src: { "index.ts": `import type { Pool } from "@aio/executor";\n` },
      },
    });
    expect(problems(root)).toEqual([
      expect.stringMatching(/^packages\/loop\/src\/index\.ts:1: "@aio\/executor" is an optional peer: load it lazily/),
    ]);
  });

  it("fails an optional peer that peerDependenciesMeta does not mark optional", () => {
    const root = fixture({ core: {}, executor: { dependencies: ["core"] }, loop: { dependencies: ["core"] } });
    write(
      join(root, "packages/loop/package.json"),
      JSON.stringify({ name: "@aio/loop", dependencies: workspace(["core"]), peerDependencies: workspace(["executor"]) }),
    );
    expect(problems(root)).toEqual([
      'packages/loop/package.json: peerDependency "@aio/executor" must be marked optional in peerDependenciesMeta',
    ]);
  });

  it("fails a relative import that reaches into another package", () => {
    const root = fixture({
      core: { src: { "slot.ts": `export const slot = {};\n` } },
      future: {
        dependencies: ["core"],
        src: { "deep/future.ts": `import { ok } from "../index.js";\nimport { slot } from "../../../core/src/slot.js";\n` },
      },
    });
    expect(problems(root)).toEqual([
      'packages/future/src/deep/future.ts:2: relative import "../../../core/src/slot.js" leaves the package: import the other package by name',
    ]);
  });

  it("fails tsconfig references that differ from the declared dependencies", () => {
    const root = fixture({
      core: {},
      future: { dependencies: ["core"] },
      task: { dependencies: ["core", "future"], references: ["core", "loop"] },
      loop: { dependencies: ["core", "future", "task"] },
    });
    expect(problems(root)).toEqual([
      'packages/task/tsconfig.json: references lacks "../future", a declared dependency',
      'packages/task/tsconfig.json: references "../loop", which is not a declared dependency',
    ]);
  });

  it("fails a package that is not part of the fixed DAG", () => {
    const root = fixture({ core: {}, extra: { dependencies: ["core"] } });
    expect(problems(root)).toEqual([
      "packages/extra/package.json: @aio/extra is not in the fixed DAG (tooling/scripts/src/check-dag.ts): add it there first",
    ]);
  });

  it("lists every violation under a count", () => {
    const root = fixture({ core: { dependencies: ["future"] }, future: { dependencies: ["core"] } });
    const lines = formatReport(checkRepo(root));
    expect(lines[0]).toBe("dag: 2 violation(s)");
    expect(lines.slice(1)).toHaveLength(2);
  });
});

describe("findImports()", () => {
  it("finds static, type-only, re-export, side-effect and dynamic imports with their lines", () => {
    const text = [
      `import { a } from "x";`,
      `import type { B } from "y";`,
      `export * from "z";`,
      `import "side";`,
      `/* import { no } from "comment"; */`,
      `const s = 'from "string"';`,
      `type T = typeof import("typed");`,
      `await import(`,
      `  "lazy"`,
      `);`,
    ].join("\n");
    expect(findImports("f.ts", text)).toEqual([
      { specifier: "x", line: 1, kind: "static" },
      { specifier: "y", line: 2, kind: "static" },
      { specifier: "z", line: 3, kind: "static" },
      { specifier: "side", line: 4, kind: "static" },
      { specifier: "typed", line: 7, kind: "dynamic" },
      { specifier: "lazy", line: 9, kind: "dynamic" },
    ]);
  });
});

describe("findCycles()", () => {
  it("finds no cycle in the real DAG's shape", () => {
    const graph = new Map([
      ["core", []],
      ["future", ["core"]],
      ["task", ["core", "future"]],
      ["loop", ["task", "executor"]],
      ["executor", ["future"]],
    ]);
    expect(findCycles(graph)).toEqual([]);
  });

  it("reports a three-node cycle once, in edge order", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
    ]);
    expect(findCycles(graph)).toEqual([["a", "b", "c", "a"]]);
  });
});
