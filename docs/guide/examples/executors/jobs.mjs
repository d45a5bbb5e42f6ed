// A module of jobs for a pool: a worker imports it once and calls the named export.
// Unlike a function sent as source, an export may use its module's imports and variables.
import { createHash } from "node:crypto";

const algorithm = "sha256";

export function digest(text) {
  return createHash(algorithm).update(text).digest("hex").slice(0, 12);
}
