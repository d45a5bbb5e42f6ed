import { packageConfig } from "@aio/tooling-config/vitest";

export default packageConfig({
  typecheck: true,
  // They handle real signals, which Node delivers only to a main thread (see packageConfig).
  mainThreadTests: ["test/signal-handlers.test.ts", "test/runner.test.ts"],
  // Under mutation testing these need fresh modules: their traces show a callback's own arguments,
  // which holds until some file sets a ContextVar; the page tests expect the one page listener a
  // module installs.
  isolatedTests: ["test/debug-mode.test.ts", "test/drive-order.test.ts", "test/event-loop.test.ts", "test/host-page.test.ts"],
});
