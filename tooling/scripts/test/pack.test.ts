import { describe, expect, it } from "vitest";
import { type PackedPackage, binTargets, tarballProblems } from "../src/pack.js";

const packed = (files: string[]): PackedPackage => ({ name: "@aio/x", version: "0.1.0", filename: "aio-x-0.1.0.tgz", files: files.sort() });
const BASE = ["LICENSE", "README.md", "dist/index.d.ts", "dist/index.js", "dist/index.js.map", "package.json"];
const manifest = { name: "@aio/x", exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } }, dependencies: { "@aio/core": "^0.1.0" } };

describe("tarballProblems()", () => {
  it("accepts dist/, README.md, LICENSE and package.json with every export target", () => {
    expect(tarballProblems(packed(BASE), manifest)).toEqual([]);
  });

  it("names sources, build info, a missing README and a workspace: range left behind", () => {
    const files = [...BASE.filter((f) => f !== "README.md"), "src/index.ts", "dist/tsconfig.tsbuildinfo"];
    expect(tarballProblems(packed(files), { ...manifest, dependencies: { "@aio/core": "workspace:^" } })).toEqual([
      "ships dist/tsconfig.tsbuildinfo",
      "ships src/index.ts",
      "lacks README.md",
      "dependencies.@aio/core is still workspace:^",
    ]);
  });

  it("accepts the programs `bin` names, and only those, and wants them in the tarball", () => {
    expect(binTargets({ name: "@aio/x", bin: "./bin/x.mjs" })).toEqual(["bin/x.mjs"]);
    expect(binTargets({ name: "@aio/x", bin: { x: "bin/x.mjs", y: "./bin/y.mjs" } })).toEqual(["bin/x.mjs", "bin/y.mjs"]);
    const withBin = { ...manifest, bin: { "aio-x": "./bin/x.mjs" } };
    expect(tarballProblems(packed([...BASE, "bin/x.mjs"]), withBin)).toEqual([]);
    expect(tarballProblems(packed([...BASE, "bin/x.mjs", "bin/helper.mjs"]), withBin)).toEqual(["ships bin/helper.mjs"]);
    expect(tarballProblems(packed(BASE), withBin)).toEqual(["bin names bin/x.mjs, which is not in the tarball"]);
  });
});
