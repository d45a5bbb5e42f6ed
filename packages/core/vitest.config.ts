import { packageConfig } from "@aio/tooling-config/vitest";

export default packageConfig({
  typecheck: true,
  // Under mutation testing: its first test checks null before any loop has passed a check, which
  // only a fresh module shows.
  isolatedTests: ["test/loop-checks.test.ts"],
});
