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
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const API_DOCS_DIR = join(REPO_ROOT, "docs", "api");
const BIN = join(REPO_ROOT, "node_modules", ".bin");

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
    const rendered = join(scratch, "markdown");
    runOrThrow(join(BIN, "api-documenter"), ["markdown", "--input-folder", models, "--output-folder", rendered]);
    polish(rendered, packages);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(dirname(outDir), { recursive: true });
    cpSync(rendered, outDir, { recursive: true });
    return failures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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
