import { packageConfig } from "@aio/tooling-config/vitest";

// Real sockets, child processes (and Redis): generous per-test time on a loaded 2-core machine.
export default packageConfig({ testTimeout: 30_000 });
