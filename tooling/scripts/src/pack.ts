// Packing the published packages exactly as `pnpm publish` would, and what a tarball may hold.
//
// `pnpm pack` is what `pnpm publish` runs before uploading: it applies `files`, rewrites
// `workspace:^` ranges to real versions, and writes the tarball. Used by release-check.ts
// (`pnpm check:release`) and by the release tests in packages/asyncio/test.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** One tarball written by `pnpm pack --json`. */
export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  filename: string;
  /** Paths inside the package (without the `package/` prefix). */
  files: string[];
}

/** What the manifest inside a tarball says, as far as the checks need it. */
export interface PackedManifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  exports?: unknown;
  types?: string;
  /** Command-line programs: one path, or command name → path. */
  bin?: string | Record<string, string>;
}

/**
 * Packs every package under packages/ that is not private into `destination` (one
 * `pnpm -r pack` run). Needs built dist/ folders: build first.
 */
export function packPublished(destination: string, root = REPO_ROOT): PackedPackage[] {
  const result = spawnSync(
    "pnpm",
    ["-r", "--filter", "./packages/*", "pack", "--pack-destination", destination, "--json"],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) {
    // With --json, pnpm reports its error as JSON on stdout.
    let said = `${result.stderr}${result.stdout}`.trim();
    try {
      const error = (JSON.parse(result.stdout) as { error?: { code?: string; message?: string } }).error;
      if (error?.message) said = `${error.code ?? "error"}: ${error.message}`;
    } catch {
      // not JSON: keep the raw output
    }
    throw new Error(`pnpm pack failed (exit ${result.status}): ${said}`);
  }
  const parsed: unknown = JSON.parse(result.stdout);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((entry: { name: string; version: string; filename: string; files: { path: string }[] }) => ({
    name: entry.name,
    version: entry.version,
    filename: entry.filename,
    files: entry.files.map((f) => f.path).sort(),
  }));
}

/** Every relative file path a package.json `exports`/`types` field points to. */
export function exportTargets(manifest: PackedManifest): string[] {
  const out = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") out.add(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") for (const v of Object.values(value)) visit(v);
  };
  visit(manifest.exports);
  if (manifest.types) visit(manifest.types);
  return [...out].sort();
}

/** The files a manifest's `bin` field names. */
export function binTargets(manifest: PackedManifest): string[] {
  const bin = manifest.bin;
  const paths = typeof bin === "string" ? [bin] : Object.values(bin ?? {});
  return paths.map((p) => p.replace(/^\.\//, "")).sort();
}

/**
 * What is wrong with a packed tarball: a file other than dist/**, README.md, LICENSE,
 * package.json and the programs its `bin` names (build info, sources, tests, configs), a missing
 * README/LICENSE/entry point or program, an export target not in the tarball, a `workspace:`
 * range left in the manifest.
 */
export function tarballProblems(pkg: PackedPackage, manifest: PackedManifest): string[] {
  const problems: string[] = [];
  const programs = binTargets(manifest);
  const allowed = (path: string) =>
    (path.startsWith("dist/") && !path.endsWith(".tsbuildinfo")) ||
    ["README.md", "LICENSE", "package.json"].includes(path) ||
    programs.includes(path);
  for (const path of pkg.files) if (!allowed(path)) problems.push(`ships ${path}`);
  for (const required of ["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"]) {
    if (!pkg.files.includes(required)) problems.push(`lacks ${required}`);
  }
  for (const program of programs) {
    if (!pkg.files.includes(program)) problems.push(`bin names ${program}, which is not in the tarball`);
  }
  for (const target of exportTargets(manifest)) {
    if (target !== "package.json" && !pkg.files.includes(target)) problems.push(`exports ${target}, which is not in the tarball`);
  }
  for (const field of ["dependencies", "peerDependencies"] as const) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith("workspace:")) problems.push(`${field}.${dep} is still ${range}`);
    }
  }
  return problems;
}

/** Reads package/package.json out of a tarball (tar is on every machine we run on). */
export function readPackedManifest(tarball: string): PackedManifest {
  const result = spawnSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`cannot read package.json from ${tarball}: ${result.stderr}`);
  return JSON.parse(result.stdout) as PackedManifest;
}
