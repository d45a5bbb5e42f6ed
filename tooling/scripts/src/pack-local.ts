// `pnpm pack:local <dir>`: the published packages as tarballs, for a project outside this repository.
//
//   pnpm pack:local ../aio-tarballs          (in this checkout: builds, then packs every package)
//   npm install ../aio-tarballs/*.tgz        (in any other project)
//
// Each tarball is what `pnpm publish` would upload (pack.ts): `workspace:^` dependencies are
// rewritten to the versions of this checkout, so the tarballs install together with npm, pnpm or
// yarn, and nothing is fetched from the registry but the packages' own third-party dependencies.
// A relative <dir> is taken from the folder the command was typed in. Earlier @aio tarballs in
// <dir> (aio-*.tgz) are removed first, so that `*.tgz` matches one version of each package.
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildAll } from "./docs-api.js";
import { type PackedPackage, packPublished } from "./pack.js";

const USAGE = `usage: pnpm pack:local <dir>

Builds the published @aio packages and writes one tarball per package into <dir>
(created if needed; earlier aio-*.tgz files there are replaced). Then, in any project:

  npm install <dir>/*.tgz`;

/** Packs every published package into `dir` (created; earlier `aio-*.tgz` removed). Needs built dist/ folders. */
export function packLocal(dir: string): PackedPackage[] {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (/^aio-.*\.tgz$/.test(name)) rmSync(join(dir, name), { force: true });
  }
  return packPublished(dir);
}

/** What to print after packing: the tarballs, then the one command a project needs. */
export function packedMessage(dir: string, packed: readonly PackedPackage[]): string[] {
  return [
    ...packed.map((p) => `  ${basename(p.filename)}  (${p.name}@${p.version})`),
    `pack:local: ${packed.length} packages in ${dir}`,
    "",
    "In your project (an ES module: \"type\": \"module\" in its package.json, or .mts files):",
    `  npm install ${join(dir, "*.tgz")}`,
    "and, to run TypeScript files: npm install --save-dev tsx, then npx tsx your-file.ts",
  ];
}

function main(args: readonly string[]): number {
  if (args[0] === "--help" || args[0] === "-h") {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1 || args[0] === "") {
    console.error(USAGE);
    return 2;
  }
  // pnpm runs root scripts in the repo root; INIT_CWD is where the command was typed.
  const dir = resolve(process.env["INIT_CWD"] ?? process.cwd(), args[0]!);
  buildAll();
  const packed = packLocal(dir);
  for (const line of packedMessage(dir, packed)) console.log(line);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`pack:local: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
