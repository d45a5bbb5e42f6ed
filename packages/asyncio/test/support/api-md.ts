// Reads the public API contract (a committed copy of API.md) into the names each package promises.
//
// API.md has one `## @aio/<pkg>` section per package (sync and queue share one, split by
// paragraphs that start with `@aio/sync:` / `@aio/queue:`). Inside a section every backticked span
// starts with the name it is about: `new Future<T>({ loop? })` → Future, `sleep(delay, result?)` →
// sleep, and a union of bare names such as `FIRST_COMPLETED | FIRST_EXCEPTION` → each of them.
// Spans such as `loop.createFuture()` (a member of something) are skipped, and in tables only the
// last column (the @aio side) is read.
import { readFileSync } from "node:fs";

/** Every leading identifier of every backticked span, by the package whose section holds it. */
export function candidatesByPackage(apiMd: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const part of apiMd.split(/^## /m).slice(1)) {
    const [heading = "", ...lines] = part.split("\n");
    const packages = heading.match(/@aio\/[a-z]+/g);
    if (!packages) continue;
    let current = packages[0]!;
    for (const rawLine of lines) {
      const paragraph = rawLine.match(/^(@aio\/[a-z]+):/);
      if (paragraph && packages.includes(paragraph[1]!)) current = paragraph[1]!;
      let line = rawLine;
      if (line.startsWith("|")) {
        const cells = line.split(/(?<!\\)\|/).filter((cell) => cell.trim() !== "");
        line = cells.at(-1) ?? "";
      }
      for (const [, span] of line.matchAll(/`([^`]+)`/g)) {
        const alternatives = span!.split("|").map((a) => a.trim());
        const union = alternatives.every((a) => /^[A-Za-z_$][\w$]*$/.test(a));
        for (const alternative of union ? alternatives : [span!]) {
          const text = alternative.trim().replace(/^new\s+/, "");
          const id = /^[A-Za-z_$][\w$]*/.exec(text)?.[0];
          if (id === undefined || text[id.length] === ".") continue;
          let set = out.get(current);
          if (!set) out.set(current, (set = new Set()));
          set.add(id);
        }
      }
    }
  }
  return out;
}

export function readApiMd(path: string): string {
  return readFileSync(path, "utf8");
}
