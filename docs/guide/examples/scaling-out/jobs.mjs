// A module of jobs: each worker imports it (from the same path as the program that submits the
// job) and calls the named export, which may use the module's imports and variables.
import { createHash } from "node:crypto";

export function digest(text) {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}
