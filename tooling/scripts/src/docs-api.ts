// The API reference in docs/api: api-extractor's doc model of every published package, rendered
// to Markdown by api-documenter.
//
//   pnpm docs:api          rebuilds docs/api
//   (docs-check.ts)        renders into a temporary folder and compares it with docs/api
//
// Steps: `tsc -b` (incremental) builds every package's dist/; api-extractor reads each package's
// dist/index.d.ts with its own api-extractor.json, but with the API report switched off (so the
// committed etc/*.api.md are neither rewritten nor checked here: that is `api:check`'s job) and
// the doc model written to a scratch folder; `api-documenter markdown` turns the models into one
// page per package and per exported item.
//
// api-documenter names a page after the lower-cased name, so `TaskGroup` (class) and `taskGroup`
// (function) would share combinators.taskgroup.md, the last one written replacing the other. Names
// that differ only in case within one parent get a kind suffix instead (`combinators.taskgroup-class.md`);
// see fileNameOverrides() and api-documenter-file-names.cjs. api-pages.ts (run by docs:check)
// checks that every exported name has its own page, linked from its package's page.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";
import { reportExports } from "./api-pages.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const API_DOCS_DIR = join(REPO_ROOT, "docs", "api");
const BIN = join(REPO_ROOT, "node_modules", ".bin");
const FILE_NAMES_PATCH = join(dirname(fileURLToPath(import.meta.url)), "api-documenter-file-names.cjs");

/** One published package: folder and manifest name. */
export interface PublishedPackage {
  dir: string;
  name: string;
}

/** Every package under packages/ that is not private, sorted by folder name. */
export function publishedPackages(root = REPO_ROOT): PublishedPackage[] {
  const base = join(root, "packages");
  return readdirSync(base)
    .sort()
    .map((entry) => join(base, entry))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ dir, name: String(manifest.name) }));
}

/** Runs a command from the repo root with inherited output; throws when it fails. */
export function runOrThrow(command: string, args: readonly string[], cwd = REPO_ROOT): void {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
}

/** Builds every package (tsc -b on the root tsconfig.json: only what changed is rebuilt). */
export function buildAll(): void {
  runOrThrow(join(BIN, "tsc"), ["-b", "tsconfig.json"]);
}

/** A package whose doc model could not be written, and why. */
export interface ModelFailure {
  name: string;
  errors: string[];
}

/**
 * Writes `<unscoped>.api.json` for every package into `modelsDir`. A package with api-extractor
 * errors (an undocumented or forgotten export) gets no model and is returned as a failure;
 * warnings are printed (api:check fails on them) but still give a usable page.
 */
export function writeDocModels(modelsDir: string, packages = publishedPackages()): ModelFailure[] {
  mkdirSync(modelsDir, { recursive: true });
  const failures: ModelFailure[] = [];
  for (const pkg of packages) {
    const errors: string[] = [];
    try {
      const configPath = join(pkg.dir, "api-extractor.json");
      const configObject = ExtractorConfig.loadFile(configPath);
      configObject.apiReport = { ...configObject.apiReport, enabled: false };
      configObject.docModel = {
        ...configObject.docModel,
        enabled: true,
        apiJsonFilePath: join(modelsDir, "<unscopedPackageName>.api.json"),
      };
      const config = ExtractorConfig.prepare({
        configObject,
        configObjectFullPath: configPath,
        packageJsonFullPath: join(pkg.dir, "package.json"),
      });
      const result = Extractor.invoke(config, {
        localBuild: true,
        messageCallback: (message) => {
          const text = message.formatMessageWithLocation(pkg.dir + "/");
          if (message.logLevel === ExtractorLogLevel.Error) errors.push(text);
          else if (message.logLevel === ExtractorLogLevel.Warning) console.warn(`warning: ${pkg.name}: ${text}`);
          message.handled = true;
        },
      });
      if (!result.succeeded && errors.length === 0) errors.push("api-extractor did not succeed");
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    if (errors.length > 0) {
      failures.push({ name: pkg.name, errors });
      rmSync(join(modelsDir, `${pkg.name.replace(/^@[^/]+\//, "")}.api.json`), { force: true });
    }
  }
  return failures;
}

/** Renders the API reference into `outDir` (emptied first); returns the packages left out. */
export function renderApiDocs(outDir: string, packages = publishedPackages()): ModelFailure[] {
  const scratch = mkdtempSync(join(tmpdir(), "aio-docs-api-"));
  try {
    const models = join(scratch, "models");
    const failures = writeDocModels(models, packages);
    restoreExportNames(models, packages);
    const rendered = join(scratch, "markdown");
    runApiDocumenter(models, rendered);
    polish(rendered, packages);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(dirname(outDir), { recursive: true });
    cpSync(rendered, outDir, { recursive: true });
    return failures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The committed API report of a package (etc/<name>.api.md), or null. */
export function apiReport(pkg: PublishedPackage): string | null {
  const etc = join(pkg.dir, "etc");
  const file = existsSync(etc) ? readdirSync(etc).find((f) => f.endsWith(".api.md")) : undefined;
  return file ? readFileSync(join(etc, file), "utf8") : null;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Gives back their exported names to the items api-extractor renamed in a doc model: a class
 * `Event` (which clashes with the global `Event`) is `Event_2` in the model, and would get the
 * page `sync.event_2.md` titled "Event_2 class". The renames are read from the API reports
 * (`export { Event_2 as Event }`); the package's own model is rewritten, and references to the
 * item from the other packages' models.
 */
export function restoreExportNames(modelsDir: string, packages: readonly PublishedPackage[]): void {
  const files = readdirSync(modelsDir).filter((f) => f.endsWith(".api.json"));
  for (const pkg of packages) {
    const report = apiReport(pkg);
    if (report === null) continue;
    const own = `${pkg.name.replace(/^@[^/]+\//, "")}.api.json`;
    for (const { local, name } of reportExports(report).renamed) {
      for (const file of files) {
        const path = join(modelsDir, file);
        const text = readFileSync(path, "utf8");
        const pattern =
          file === own
            ? new RegExp(`(?<![\\w$])${escapeRegExp(local)}(?![\\w$])`, "g")
            : new RegExp(`(?<=${escapeRegExp(pkg.name)}!)${escapeRegExp(local)}(?=[:#.~])`, "g");
        const fixed = text.replace(pattern, name);
        if (fixed !== text) writeFileSync(path, fixed);
      }
    }
  }
}

/** One item of an api-extractor doc model (`*.api.json`), as far as file names need it. */
export interface ModelItem {
  kind: string;
  name?: string;
  members?: ModelItem[];
}

// api-documenter's own file name for a name (Utilities.getSafeFilenameForName).
const safeFileName = (name: string): string => name.replace(/[^a-z0-9_\-.]/gi, "_").toLowerCase();

// Which name of a case-only clash keeps api-documenter's file name: a function, else a variable,
// else the first in code-point order. The others get `-<kind>`.
const KEEPS_NAME: readonly string[] = ["Function", "Variable"];
const KIND_SUFFIX: Readonly<Record<string, string>> = {
  Class: "class",
  Interface: "interface",
  TypeAlias: "type",
  Enum: "enum",
  Namespace: "namespace",
  Variable: "variable",
  Function: "function",
  Method: "method",
  MethodSignature: "method",
  Property: "property",
  PropertySignature: "property",
};

/**
 * The file names to change so that no two items of one parent share a page: for each group of
 * sibling names equal but for case (`TaskGroup`, `taskGroup`), every name but one maps to its
 * file name plus a kind suffix (`TaskGroup` → `taskgroup-class`). api-documenter applies a name's
 * file name wherever the name appears, so a renamed name is renamed in every package.
 */
export function fileNameOverrides(models: readonly ModelItem[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  const visit = (item: ModelItem): void => {
    const groups = new Map<string, Map<string, string>>();
    for (const member of item.members ?? []) {
      visit(member);
      if (member.name === undefined) continue;
      const key = safeFileName(member.name);
      const group = groups.get(key) ?? new Map<string, string>();
      if (!group.has(member.name)) group.set(member.name, member.kind);
      groups.set(key, group);
    }
    for (const [key, group] of groups) {
      if (group.size < 2) continue;
      const rank = ([name, kind]: [string, string]): [number, string] => [
        KEEPS_NAME.includes(kind) ? KEEPS_NAME.indexOf(kind) : KEEPS_NAME.length,
        name,
      ];
      const ordered = [...group].sort((a, b) => {
        const [ra, na] = rank(a);
        const [rb, nb] = rank(b);
        return ra - rb || (na < nb ? -1 : na > nb ? 1 : 0);
      });
      const taken = new Set([key]);
      for (const [name, kind] of ordered.slice(1)) {
        const base = `${key}-${KIND_SUFFIX[kind] ?? kind.toLowerCase()}`;
        let file = base;
        for (let i = 2; taken.has(file); i++) file = `${base}${i}`;
        taken.add(file);
        overrides[name] = file;
      }
    }
  };
  for (const model of models) visit(model);
  return overrides;
}

/** `api-documenter markdown`, with the case-clash file names of fileNameOverrides(). */
export function runApiDocumenter(modelsDir: string, outDir: string): void {
  const models = readdirSync(modelsDir)
    .filter((f) => f.endsWith(".api.json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(modelsDir, f), "utf8")) as ModelItem);
  const bin = join(dirname(createRequire(import.meta.url).resolve("@microsoft/api-documenter/package.json")), "bin", "api-documenter");
  const result = spawnSync(
    process.execPath,
    ["--require", FILE_NAMES_PATCH, bin, "markdown", "--input-folder", modelsDir, "--output-folder", outDir],
    { cwd: REPO_ROOT, stdio: "inherit", env: { ...process.env, AIO_API_FILE_NAMES: JSON.stringify(fileNameOverrides(models)) } },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`api-documenter markdown exited ${result.status}`);
}

/**
 * Small fixes to api-documenter's output: LF line ends (it writes CRLF), and a list of the
 * re-exported packages on the umbrella's page, whose doc model has no members of its own.
 */
export function polish(dir: string, packages: readonly PublishedPackage[]): void {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const text = readFileSync(file, "utf8");
    if (text.includes("\r\n")) writeFileSync(file, text.replace(/\r\n/g, "\n"));
  }
  const umbrella = join(dir, "asyncio.md");
  if (!existsSync(umbrella)) return;
  const rows = packages
    .filter((pkg) => pkg.name !== "@aio/asyncio")
    .map((pkg) => pkg.name.replace(/^@aio\//, ""))
    .filter((short) => existsSync(join(dir, `${short}.md`)))
    .map((short) => `- [@aio/${short}](./${short}.md)`);
  const section = `\n## Re-exported packages\n\nEvery public name of these packages is exported from \`@aio/asyncio\` too:\n\n${rows.join("\n")}\n`;
  writeFileSync(umbrella, readFileSync(umbrella, "utf8").trimEnd() + "\n" + section);
}

/** Prints each failure; returns the exit code (1 when there were any). */
export function reportFailures(label: string, failures: readonly ModelFailure[]): number {
  for (const failure of failures) {
    console.error(`${label}: ${failure.name} left out of the API reference:`);
    for (const line of failure.errors) console.error(`  ${line}`);
  }
  return failures.length > 0 ? 1 : 0;
}

function main(): number {
  buildAll();
  const failures = renderApiDocs(API_DOCS_DIR);
  console.log(`docs:api: wrote ${readdirSync(API_DOCS_DIR).length} pages to docs/api`);
  return reportFailures("docs:api", failures);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
