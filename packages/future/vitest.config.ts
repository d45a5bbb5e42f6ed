import { packageConfig } from "@aio/tooling-config/vitest";

export default packageConfig({
  typecheck: true,
  // Under mutation testing: spies on loop.callSoon and expects the call without a context, which holds
  // only until some file sets a ContextVar (from then on callbacks carry their context).
  isolatedTests: ["test/future.test.ts"],
});
