// Is every exported name in the API reference? Run by `pnpm docs:check` on the pages it renders.
//
// The names come from each package's committed API report (etc/<name>.api.md), not from the doc
// model the pages were made from, so a page lost on the way (two names written to one file, a
// name left out) shows. For every package:
//   - docs/api/index.md links to the package's page (`<name>.md`);
//   - for every name the package exports, the package's page has an entry (a line that is only a
//     link, as api-documenter writes the first cell of its tables) whose text is that name;
//   - each such entry's page exists and its heading names that same item (`## TaskGroup class`),
//     so a page that another name's page replaced ("shadowed") is caught;
//   - for the umbrella, every package it re-exports from is linked from its page.
// Besides, every relative link of every page must lead to a file that exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** What a package's API report exports. */
export interface ReportExports {
  /** Names the package declares and exports (`export class X`, `export { X_2 as X }`), sorted, once each. */
  declared: string[];
  /** Names re-exported from another package (`export { X }` of an `import { X } from '@aio/x'`). */
  reexported: { name: string; from: string }[];
  /** Packages re-exported whole (`export * from "@aio/x"`). */
  star: string[];
  /** Exported names marked `// @internal`: api-extractor leaves them out of the doc model, so they get no page. */
  internal: string[];
  /**
   * Exports under another name than their declaration's: api-extractor renames a declaration
   * that clashes with a global (`class Event_2`, `export { Event_2 as Event }`), and its doc model
   * keeps the renamed one. docs-api.ts puts the exported name back.
   */
  renamed: { local: string; name: string }[];
}

const DECLARATION = /^(export )?(?:declare )?(?:abstract )?(?:class|function|interface|type|const|let|var|enum|namespace) ([A-Za-z_$][\w$]*)/;
const EXPORT_LIST = /^export \{ ([A-Za-z_$][\w$]*)(?: as ([A-Za-z_$][\w$]*))? \}/;
const IMPORT = /^import \{ ([A-Za-z_$][\w$]*)(?: as ([A-Za-z_$][\w$]*))? \} from '([^']+)';/;
const STAR = /^export \* from ["']([^"']+)["'];/;

/** Reads the exports of an api-extractor report (etc/<name>.api.md). */
export function reportExports(report: string): ReportExports {
  const declared = new Set<string>();
  const internal = new Set<string>();
  const local = new Map<string, boolean>(); // declared name → marked @internal
  const importedFrom = new Map<string, string>();
  const reexported: { name: string; from: string }[] = [];
  const star: string[] = [];
  const lists: { local: string; name: string }[] = [];
  let comments: string[] = [];
  for (const line of report.split(/\r?\n/)) {
    if (line.startsWith("// ")) {
      comments.push(line);
      continue;
    }
    const isInternal = comments.includes("// @internal");
    comments = [];
    let m: RegExpExecArray | null;
    if ((m = IMPORT.exec(line))) importedFrom.set(m[2] ?? m[1]!, m[3]!);
    else if ((m = STAR.exec(line))) star.push(m[1]!);
    else if ((m = EXPORT_LIST.exec(line))) lists.push({ local: m[1]!, name: m[2] ?? m[1]! });
    else if ((m = DECLARATION.exec(line))) {
      const name = m[2]!;
      if (!local.has(name) || isInternal) local.set(name, isInternal || (local.get(name) ?? false));
      if (m[1]) (isInternal ? internal : declared).add(name);
    }
  }
  const renamed: { local: string; name: string }[] = [];
  for (const { local: from, name } of lists) {
    if (local.has(from)) {
      (local.get(from) ? internal : declared).add(name);
      if (from !== name) renamed.push({ local: from, name });
    } else reexported.push({ name, from: importedFrom.get(from) ?? "?" });
  }
  for (const name of internal) declared.delete(name);
  return { declared: [...declared].sort(), reexported, star, internal: [...internal].sort(), renamed };
}

/** A package as the check sees it: its name and the text of its API report (null when it has none). */
export interface PackageReport {
  name: string;
  report: string | null;
}

/** The page api-documenter writes for a package: `@aio/sync` → `sync.md`. */
export const packagePage = (name: string): string => `${name.replace(/^@[^/]+\//, "").replace(/[^a-z0-9_\-.]/gi, "_").toLowerCase()}.md`;

const unescape = (text: string): string => text.replace(/\\(.)/g, "$1");

/** Every `[text](./file.md)` that is a line by itself: the entries of a package page's tables. */
export function pageEntries(markdown: string): { text: string; file: string }[] {
  return [...markdown.matchAll(/^\[(.+)\]\(\.\/([^)#\s]+\.md)\)$/gm)].map((m) => ({ text: unescape(m[1]!), file: m[2]! }));
}

/** The name an entry's text is for: `taskGroup(body)` → `taskGroup`. */
export const entryName = (text: string): string => text.replace(/\(.*$/s, "").trim();

/** The item a page is about, from its first `## ` heading: `## TaskGroup class` → TaskGroup, class. */
export function pageSubject(markdown: string): { name: string; kind: string } | null {
  const heading = /^## (.+)$/m.exec(markdown)?.[1];
  if (heading === undefined) return null;
  const m = /^(.*?)(?:\(\))? ([a-z]+)$/.exec(unescape(heading).trim());
  return m ? { name: m[1]!, kind: m[2]! } : null;
}

/** Every relative Markdown link of the pages in `dir` that leads to no file. */
export function brokenLinks(dir: string): string[] {
  const problems: string[] = [];
  for (const page of readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
    const text = readFileSync(join(dir, page), "utf8");
    for (const m of text.matchAll(/\]\(\.\/([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (!existsSync(join(dir, m[1]!))) problems.push(`${page}: links to ${m[1]}, which does not exist`);
    }
  }
  return [...new Set(problems)];
}

/** What is missing from the API reference in `dir` (empty when every exported name has its page). */
export function checkApiPages(dir: string, packages: readonly PackageReport[]): string[] {
  const problems: string[] = [];
  const read = (file: string): string | null => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : null);
  const index = read("index.md");
  if (index === null) return ["index.md does not exist"];
  const indexed = new Set(pageEntries(index).map((e) => e.file));
  for (const pkg of packages) {
    const file = packagePage(pkg.name);
    const page = read(file);
    if (page === null) {
      problems.push(`${pkg.name}: its page ${file} does not exist`);
      continue;
    }
    if (!indexed.has(file)) problems.push(`${pkg.name}: index.md does not link to ${file}`);
    if (pkg.report === null) {
      problems.push(`${pkg.name}: no API report (etc/*.api.md) to check its pages against`);
      continue;
    }
    const exports = reportExports(pkg.report);
    const entries = pageEntries(page);
    for (const name of exports.declared) {
      const own = entries.filter((e) => entryName(e.text) === name);
      if (own.length === 0) {
        problems.push(`${pkg.name}: ${name} has no entry on ${file}`);
        continue;
      }
      for (const entry of new Set(own.map((e) => e.file))) {
        const target = read(entry);
        if (target === null) {
          problems.push(`${pkg.name}: ${name} links to ${entry}, which does not exist`);
          continue;
        }
        const subject = pageSubject(target);
        if (subject?.name !== name) {
          const what = subject ? `the page of ${subject.name} (${subject.kind})` : "a page without a heading";
          problems.push(`${pkg.name}: ${name} links to ${entry}, which is ${what}: its own page is shadowed`);
        }
      }
    }
    const sources = new Set([...exports.reexported.map((r) => r.from), ...exports.star]);
    for (const source of [...sources].sort()) {
      if (!page.includes(`](./${packagePage(source)})`)) {
        problems.push(`${pkg.name}: re-exports ${source}, but ${file} does not link to ${packagePage(source)}`);
      }
    }
  }
  problems.push(...brokenLinks(dir));
  return problems;
}
