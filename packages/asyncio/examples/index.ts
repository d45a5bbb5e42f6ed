// The demo's programs, in the order the demo runs them (the tests run the same list).
import { example as coroutines } from "./coroutines.js";
import { example as driving } from "./driving.js";
import { sequential, concurrent } from "./say-after.js";
import { example as future } from "./future.js";
import { example as ensureFuture } from "./ensure-future.js";
import { example as cancel } from "./cancel.js";
import { example as comprehension } from "./comprehension.js";
import { example as gather } from "./gather.js";
import { example as waitFor } from "./wait-for.js";
import { example as executor } from "./executor.js";
import type { Example } from "./support.js";

export const examples: Example[] = [
  coroutines,
  driving,
  sequential,
  concurrent,
  future,
  ensureFuture,
  cancel,
  comprehension,
  gather,
  waitFor,
  executor,
];
