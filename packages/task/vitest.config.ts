import { packageConfig } from "@aio/tooling-config/vitest";

export default packageConfig({
  // Under mutation testing these need fresh modules: one starts tasks before context tracking is
  // switched on (once per process), the other prints task names that count tasks made so far.
  isolatedTests: ["test/async-steps.test.ts", "test/task-table.test.ts"],
});
