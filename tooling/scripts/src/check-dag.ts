// The package DAG check (`pnpm check:dag`).
//
// The packages form a fixed graph (see ARCHITECTURE.md and the README). This script checks that
// 1. every package.json declares only the @aio edges the graph allows, and that they form no cycle;
// 2. every `packages/*/src/**/*.ts` imports only the @aio packages its package.json declares
//    (type-only imports included), and no relative import reaches outside its own package;
// 3. every package's tsconfig.json `references` equal its declared @aio dependencies.
// The pieces are small exported functions so the tests can drive them on fixture trees.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

/** For each package (unscoped name), the @aio packages it may depend on; "any" for the umbrella. */
export type DagRules = Readonly<Record<string, readonly string[] | "any">>;

const BASE = ["core", "future", "task"] as const;

/** The fixed graph of ARCHITECTURE.md. */
export const DAG_RULES: DagRules = {
  core: [],
  contextvars: ["core"],
  future: ["core", "contextvars"],
  task: ["core", "future", "contextvars"],
  loop: ["core", "future", "task", "contextvars"],
  combinators: BASE,
  sync: BASE,
  queue: BASE,
  executor: ["core", "future"],
  "executor-web": ["core", "executor"],
  "executor-bullmq": ["core", "future", "executor"],
  streams: BASE,
  subprocess: ["core", "future", "task", "streams"],
  trace: ["core"],
  asyncio: "any",
};

/** Optional peers a package may declare and load only with a dynamic `import()`. */
export const OPTIONAL_PEERS: Readonly<Record<string, readonly string[]>> = {
  loop: ["executor"],
};

/** One thing wrong, with where it is (`file` or `file:line`, relative to the repo root). */
export interface Violation {
  where: string;
  message: string;
}

/** What the check needs to know about one package of packages/. */
export interface PackageInfo {
  /** Unscoped name: `core` for `@aio/core`. */
  name: string;
  /** Absolute path of the package folder. */
  dir: string;
  /** @aio packages (unscoped) in `dependencies`. */
  dependencies: string[];
  /** @aio packages (unscoped) in `devDependencies`. */
  devDependencies: string[];
  /** @aio packages (unscoped) in `peerDependencies`, with whether peerDependenciesMeta marks them optional. */
  peers: { name: string; optional: boolean }[];
  /** Folders named by tsconfig.json `references`, or null when there is no tsconfig.json. */
  references: string[] | null;
}

/** How a module specifier is used in a source file. */
export type ImportKind = "static" | "dynamic";

/** One module specifier found in a source file. */
export interface FoundImport {
  specifier: string;
  line: number;
  kind: ImportKind;
}

/** Result of checking a whole repository. */
export interface DagReport {
  violations: Violation[];
  packages: number;
  imports: number;
}

const SCOPE = "@aio/";

function readJson(file: string): Record<string, unknown> {
  const text = readFileSync(file, "utf8");
  const parsed = ts.parseConfigFileTextToJson(file, text);
  if (parsed.error) {
    throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(parsed.error.messageText, "\n")}`);
  }
  return parsed.config as Record<string, unknown>;
}

function aioKeys(field: unknown): string[] {
  if (typeof field !== "object" || field === null) return [];
  return Object.keys(field)
    .filter((k) => k.startsWith(SCOPE))
    .map((k) => k.slice(SCOPE.length));
}

/** Reads `<dir>/package.json` and `<dir>/tsconfig.json` into a {@link PackageInfo}. */
export function readPackage(dir: string): PackageInfo {
  const manifest = readJson(join(dir, "package.json"));
  const fullName = String(manifest["name"] ?? "");
  const meta = (manifest["peerDependenciesMeta"] ?? {}) as Record<string, { optional?: boolean }>;
  const tsconfigPath = join(dir, "tsconfig.json");
  let references: string[] | null = null;
  if (existsSync(tsconfigPath)) {
    const refs = (readJson(tsconfigPath)["references"] ?? []) as { path?: string }[];
    // A reference names a folder or a tsconfig file in it; keep the folder.
    references = refs.map((r) => resolve(dir, String(r.path ?? "")).replace(/[\\/][^\\/]*\.json$/, ""));
  }
  return {
    name: fullName.startsWith(SCOPE) ? fullName.slice(SCOPE.length) : fullName,
    dir,
    dependencies: aioKeys(manifest["dependencies"]),
    devDependencies: aioKeys(manifest["devDependencies"]),
    peers: aioKeys(manifest["peerDependencies"]).map((name) => ({
      name,
      optional: meta[SCOPE + name]?.optional === true,
    })),
    references,
  };
}

/** Every folder of `<root>/packages` that holds a package.json, read with {@link readPackage}. */
export function readPackages(root: string): PackageInfo[] {
  const packagesDir = join(root, "packages");
  if (!existsSync(packagesDir)) return [];
  return readdirSync(packagesDir)
    .sort()
    .map((entry) => join(packagesDir, entry))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map(readPackage);
}

function allowedList(rules: DagRules, name: string): string {
  const allowed = rules[name];
  if (allowed === "any") return "any package";
  return allowed && allowed.length > 0 ? allowed.join(", ") : "nothing";
}

function isAllowed(rules: DagRules, from: string, to: string): boolean {
  const allowed = rules[from];
  return allowed === "any" ? to !== from : (allowed ?? []).includes(to);
}

/**
 * Checks one package.json against the graph: each @aio edge (dependencies, devDependencies,
 * peerDependencies) must be allowed, and only the listed optional peers may be peers.
 */
export function checkManifest(
  pkg: PackageInfo,
  known: ReadonlySet<string>,
  where: string,
  rules: DagRules = DAG_RULES,
  optionalPeers: Readonly<Record<string, readonly string[]>> = OPTIONAL_PEERS,
): Violation[] {
  const out: Violation[] = [];
  const say = (message: string) => out.push({ where, message });
  if (!(pkg.name in rules)) {
    say(`@aio/${pkg.name} is not in the fixed DAG (tooling/scripts/src/check-dag.ts): add it there first`);
    return out;
  }
  for (const dep of pkg.dependencies) {
    if (!known.has(dep)) say(`dependency "@aio/${dep}" is not a package of packages/`);
    else if (!isAllowed(rules, pkg.name, dep)) {
      say(`dependency "@aio/${dep}" is not allowed: @aio/${pkg.name} may depend on ${allowedList(rules, pkg.name)}`);
    }
  }
  for (const dep of pkg.devDependencies.filter((d) => known.has(d))) {
    if (!isAllowed(rules, pkg.name, dep)) {
      say(
        `devDependency "@aio/${dep}" adds a build edge the DAG does not allow ` +
          `(tests reach @aio packages through the vitest aliases; no devDependency is needed)`,
      );
    }
  }
  for (const peer of pkg.peers) {
    const mayBeOptional = (optionalPeers[pkg.name] ?? []).includes(peer.name);
    if (mayBeOptional && !peer.optional) {
      say(`peerDependency "@aio/${peer.name}" must be marked optional in peerDependenciesMeta`);
    } else if (!mayBeOptional && !isAllowed(rules, pkg.name, peer.name)) {
      say(`peerDependency "@aio/${peer.name}" is not allowed for @aio/${pkg.name}`);
    }
  }
  return out;
}

/** Cycles in a directed graph, each as the list of nodes along it (first node repeated at the end). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "visiting");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === "visiting") cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (s === undefined && graph.has(next)) visit(next);
    }
    path.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Every module specifier a TypeScript source uses, with its 1-based line and how it is loaded. */
export function findImports(fileName: string, text: string): FoundImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: FoundImport[] = [];
  const add = (node: ts.Node, kind: ImportKind) => {
    if (!ts.isStringLiteralLike(node)) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ specifier: node.text, line: line + 1, kind });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      add(node.moduleSpecifier, "static");
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, "static");
    } else if (ts.isCallExpression(node) && node.arguments[0]) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], "dynamic");
      else if (ts.isIdentifier(node.expression) && node.expression.text === "require") add(node.arguments[0], "static");
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      // `typeof import("x")`: a type-level use that loads nothing, like a dynamic import.
      add(node.argument.literal, "dynamic");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Checks the imports of one source file of `pkg`. `where` is the file's path as printed. */
export function checkImports(
  pkg: PackageInfo,
  file: string,
  imports: readonly FoundImport[],
  where: string,
  optionalPeers: Readonly<Record<string, readonly string[]>> = OPTIONAL_PEERS,
): Violation[] {
  const out: Violation[] = [];
  for (const { specifier, line, kind } of imports) {
    const say = (message: string) => out.push({ where: `${where}:${line}`, message });
    if (specifier.startsWith(SCOPE)) {
      const [target = "", ...rest] = specifier.slice(SCOPE.length).split("/");
      const peer = pkg.peers.find((p) => p.name === target);
      // `@aio/<pkg>/internal` is a published entry too: what \@aio packages share, kept out of the umbrella.
      const internal = rest.length === 1 && rest[0] === "internal";
      if (rest.length > 0 && !internal) say(`deep import "${specifier}": import the package entry "@aio/${target}" only`);
      else if (target === pkg.name) say(`imports its own package "${specifier}": use a relative import`);
      else if (pkg.dependencies.includes(target)) continue;
      else if (peer && (optionalPeers[pkg.name] ?? []).includes(target)) {
        if (kind !== "dynamic") {
          say(`"${specifier}" is an optional peer: load it lazily with \`await import("${specifier}")\`, never a static or type import`);
        }
      } else say(`imports "${specifier}", which package.json does not declare in dependencies`);
    } else if (specifier.startsWith("./") || specifier.startsWith("../")) {
      const target = resolve(dirname(file), specifier);
      if (target !== pkg.dir && !target.startsWith(pkg.dir + sep)) {
        say(`relative import "${specifier}" leaves the package: import the other package by name`);
      }
    }
  }
  return out;
}

/** The folders named by tsconfig `references` must be exactly the packages in `dependencies`. */
export function checkReferences(
  pkg: PackageInfo,
  dirOf: ReadonlyMap<string, string>,
  where: string,
): Violation[] {
  if (pkg.references === null) return [{ where, message: "missing tsconfig.json" }];
  const expected = new Set(pkg.dependencies.flatMap((d) => dirOf.get(d) ?? []));
  const actual = new Set(pkg.references);
  const name = (p: string) => relative(pkg.dir, p).split(sep).join("/");
  const out: Violation[] = [];
  for (const p of expected) {
    if (!actual.has(p)) out.push({ where, message: `references lacks "${name(p)}", a declared dependency` });
  }
  for (const p of actual) {
    if (!expected.has(p)) out.push({ where, message: `references "${name(p)}", which is not a declared dependency` });
  }
  return out;
}

/** Every `.ts`/`.mts`/`.cts` file under `dir`, recursively, sorted. */
export function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.[mc]?ts$/.test(entry)) out.push(path);
  }
  return out;
}

/** Runs every check on the repository at `root`. */
export function checkRepo(root: string, rules: DagRules = DAG_RULES): DagReport {
  const rel = (p: string) => relative(root, p).split(sep).join("/");
  const packages = readPackages(root);
  const dirOf = new Map(packages.map((p) => [p.name, p.dir]));
  const known = new Set(dirOf.keys());
  const violations: Violation[] = [];
  let imports = 0;

  for (const pkg of packages) {
    violations.push(...checkManifest(pkg, known, rel(join(pkg.dir, "package.json")), rules));
    violations.push(...checkReferences(pkg, dirOf, rel(join(pkg.dir, "tsconfig.json"))));
    for (const file of sourceFiles(join(pkg.dir, "src"))) {
      const found = findImports(file, readFileSync(file, "utf8"));
      imports += found.length;
      violations.push(...checkImports(pkg, file, found, rel(file)));
    }
  }

  const graph = new Map(
    packages.map((p) => [
      p.name,
      [...new Set([...p.dependencies, ...p.devDependencies, ...p.peers.map((x) => x.name)])].filter((d) => known.has(d)),
    ]),
  );
  for (const cycle of findCycles(graph)) {
    violations.push({ where: "packages/", message: `dependency cycle: ${cycle.map((n) => `@aio/${n}`).join(" -> ")}` });
  }
  return { violations, packages: packages.length, imports };
}

/** The lines `pnpm check:dag` prints for a report. */
export function formatReport(report: DagReport): string[] {
  if (report.violations.length === 0) {
    return [`dag: ok (${report.packages} packages, ${report.imports} imports checked)`];
  }
  return [
    `dag: ${report.violations.length} violation(s)`,
    ...report.violations.map((v) => `  ${v.where}  ${v.message}`),
  ];
}

/** The repository root, two folders above tooling/scripts. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const report = checkRepo(REPO_ROOT);
  for (const line of formatReport(report)) console.log(line);
  process.exitCode = report.violations.length === 0 ? 0 : 1;
}
