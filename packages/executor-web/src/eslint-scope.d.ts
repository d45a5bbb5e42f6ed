// The small part of eslint-scope's API that function-source.ts uses (eslint-scope 8 ships no types).
declare module "eslint-scope" {
  export interface Reference {
    identifier: { name: string };
  }
  export interface Scope {
    through: Reference[];
  }
  export interface ScopeManager {
    globalScope: Scope | null;
  }
  export function analyze(
    ast: object,
    options?: { ecmaVersion?: number; sourceType?: "script" | "module"; nodejsScope?: boolean },
  ): ScopeManager;
}
