import { packageConfig } from "@aio/tooling-config/vitest";

export default packageConfig({
  typecheck: true,
  // They handle real signals, which Node delivers only to a main thread (see packageConfig).
  mainThreadTests: ["test/signal-handlers.test.ts", "test/runner.test.ts"],
});
