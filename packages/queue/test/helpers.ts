// Shared fixtures (also used by the other packages whose tests race tasks on TestLoop).
export * from "../../../tooling/config/test-helpers.js";
