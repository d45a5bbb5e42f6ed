// The command line of aio-worker, parsed into startWorker's options.
import type { WorkerOptions } from "./worker.js";
import type { WorkerPoolKind } from "./runner.js";

/** What `aio-worker --help` prints. */
export const USAGE = `usage: aio-worker --redis URL [--queue NAME] [--concurrency N] [--pool thread|process|inline]
                  [--prefix PREFIX] [--lock-duration S] [--stalled-interval S] [--grace S]

Runs the jobs that BullMQExecutor puts on a BullMQ queue in Redis.

  --redis URL            redis://[user:password@]host:port[/db] (or rediss://); required
  --queue NAME           the executor's queue (default: aio)
  --concurrency N        jobs at once (default: the number of CPUs)
  --pool KIND            where each job runs: thread (default), process, or inline
  --prefix PREFIX        BullMQ's key prefix (default: bull)
  --lock-duration S      seconds a job's lock lasts, renewed while it runs (default: 30)
  --stalled-interval S   seconds between checks for jobs of dead workers (default: 30)
  --grace S              on SIGTERM/SIGINT, seconds the running jobs get to finish before they
                         are handed back to the queue (default: wait for them); a second signal
                         hands them back at once`;

/** The worker's options and the shutdown grace, from the command line. */
export type WorkerArgs = WorkerOptions & { grace: number | null };

const FLAGS: Readonly<Record<string, string>> = {
  "--redis": "connection",
  "--queue": "queue",
  "--concurrency": "concurrency",
  "--pool": "pool",
  "--prefix": "prefix",
  "--lock-duration": "lockDuration",
  "--stalled-interval": "stalledInterval",
  "--grace": "grace",
};
const NUMBERS = new Set(["concurrency", "lockDuration", "stalledInterval", "grace"]);

/** Parses `argv` (without node and the script); "help" for --help; throws an Error that says what is wrong. */
export function parseWorkerArgs(argv: readonly string[]): WorkerArgs | "help" {
  const values: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return "help";
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = FLAGS[flag];
    if (key === undefined) throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new Error(`${flag} needs a value`);
    if (NUMBERS.has(key)) {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`${flag}: expected a number, got ${JSON.stringify(value)}`);
      values[key] = n;
    } else {
      values[key] = value;
    }
  }
  if (values["connection"] === undefined) throw new Error("--redis URL is required");
  const { grace = null, ...options } = values;
  return { ...(options as unknown as WorkerOptions), pool: (options["pool"] as WorkerPoolKind | undefined) ?? "thread", grace: grace as number | null };
}
