import { packageConfig } from "@aio/tooling-config/vitest";

export default packageConfig();
