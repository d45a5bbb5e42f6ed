// What each package's src/index.ts exports, types included, read with the TypeScript compiler.
//
// A runtime `import *` sees only values; interfaces and type aliases vanish. The compiler sees
// both, and resolves each re-export to the declaration it names, so "the same export" can be
// checked by symbol identity.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const PACKAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** One exported name: the symbol it finally resolves to, and whether it exists at run time. */
export interface ExportInfo {
  name: string;
  target: ts.Symbol;
  isValue: boolean;
}

/** Package folder names (`core`, `future`, …) that have a src/index.ts. */
export function packagesWithEntry(): string[] {
  return readdirSync(PACKAGES_DIR)
    .filter((name) => existsSync(join(PACKAGES_DIR, name, "src/index.ts")))
    .sort();
}

/** The exports of every package's entry point, keyed by folder name. */
export function readExports(packages: readonly string[]): Map<string, Map<string, ExportInfo>> {
  const configPath = join(PACKAGES_DIR, "asyncio/tsconfig.test.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const entries = packages.map((name) => join(PACKAGES_DIR, name, "src/index.ts"));
  const program = ts.createProgram({ rootNames: entries, options: { ...parsed.options, noEmit: true } });
  const checker = program.getTypeChecker();

  const result = new Map<string, Map<string, ExportInfo>>();
  packages.forEach((name, i) => {
    const source = program.getSourceFile(entries[i]!);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`no module symbol for ${entries[i]}`);
    const exports = new Map<string, ExportInfo>();
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
      exports.set(symbol.name, { name: symbol.name, target, isValue });
    }
    result.set(name, exports);
  });
  return result;
}
