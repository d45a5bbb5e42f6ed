// Every workload of PERFORMANCE.md, its systems (one script each) and its targets.
import type { MetricDef, SystemDef, TargetDef, WorkloadDef } from "./types.js";

const nsPerOp = (label: string): MetricDef => ({ key: "nsPerOp", label, unit: "ns", better: "lower" });

/** The two CPython rows every workload gets: the preferred interpreter, and python3 on PATH when it differs. */
function cpython(): SystemDef[] {
  return [
    { id: "cpython", label: "CPython asyncio", file: "cpython.py", python: "preferred" },
    {
      id: "cpython-path",
      label: "CPython asyncio (python3 on PATH)",
      file: "cpython.py",
      reportsAs: "cpython",
      python: "path",
      fullOnly: true,
    },
  ];
}

export const SUITE: WorkloadDef[] = [
  {
    id: "call-soon",
    title: "1M callbacks scheduled with callSoon and run by the loop (batch); chain: each schedules the next",
    op: "callback",
    n: 1_000_000,
    quickN: 100_000,
    metrics: [
      nsPerOp("batch ns/op"),
      { key: "extra.chainNsPerOp", label: "chain ns/op", unit: "ns", better: "lower", ratios: true },
    ],
    systems: [
      { id: "aio", label: "@aio EventLoop.callSoon", file: "aio.ts", aio: true, requires: ["loop"] },
      ...cpython(),
      { id: "set-immediate", label: "setImmediate", file: "set-immediate.mjs" },
      { id: "queue-microtask", label: "queueMicrotask", file: "queue-microtask.mjs" },
    ],
    targets: [
      { kind: "ratio", text: "batch ≥ 30× faster than CPython call_soon", metric: "nsPerOp", aio: "aio", peers: ["cpython"], max: 1 / 30 },
      { kind: "ratio", text: "batch ≥ 5× faster than one setImmediate per callback", metric: "nsPerOp", aio: "aio", peers: ["set-immediate"], max: 1 / 5 },
    ],
  },
  {
    id: "timers",
    title: "100k timers with seeded random delays in [0, 50 ms], real time",
    op: "timer",
    n: 100_000,
    quickN: 10_000,
    metrics: [
      nsPerOp("total ns/timer"),
      { key: "extra.overshootP50Ms", label: "late p50", unit: "ms", better: "lower" },
      { key: "extra.overshootP99Ms", label: "late p99", unit: "ms", better: "lower", ratios: true },
    ],
    systems: [
      { id: "aio", label: "@aio EventLoop.callLater", file: "aio.ts", aio: true, requires: ["loop"] },
      ...cpython(),
      { id: "set-timeout", label: "setTimeout", file: "set-timeout.mjs" },
    ],
    targets: [
      { kind: "ratio", text: "no slower than setTimeout per timer", metric: "nsPerOp", aio: "aio", peers: ["set-timeout"], max: 1 },
      { kind: "ratio", text: "p99 overshoot no worse than setTimeout", metric: "extra.overshootP99Ms", aio: "aio", peers: ["set-timeout"], max: 1 },
    ],
  },
  {
    id: "await-done",
    title: "one task awaits an already-completed future 1M times",
    op: "await",
    n: 1_000_000,
    quickN: 100_000,
    metrics: [nsPerOp("ns/await")],
    systems: [
      { id: "aio-yield", label: "@aio generator task, yield* future", file: "aio-yield.ts", aio: true, requires: ["loop"] },
      { id: "aio-await", label: "@aio async-function task, await future", file: "aio-await.ts", aio: true, requires: ["loop"] },
      ...cpython(),
      { id: "native", label: "native await of a resolved promise", file: "native.mjs" },
      { id: "thenable", label: "floor: native await of a plain thenable resolved at once", file: "thenable.mjs" },
      { id: "effection", label: "effection 4, yield* resolved operation", file: "effection.mjs" },
      { id: "effect", label: "Effect 4, yield* done Deferred", file: "effect.mjs" },
    ],
    targets: [
      { kind: "ratio", text: "yield* on a done future ≥ 2× faster than native await", metric: "nsPerOp", aio: "aio-yield", peers: ["native"], max: 0.5 },
      { kind: "ratio", text: "await of a done future in an async-function task ≤ 2.5× native await", metric: "nsPerOp", aio: "aio-await", peers: ["native"], max: 2.5 },
    ],
  },
  {
    id: "await-pending",
    title: "one task awaits 1M pending futures, each completed by a loop callback (the loop resumes the task)",
    op: "await",
    n: 1_000_000,
    quickN: 100_000,
    metrics: [nsPerOp("ns/await")],
    systems: [
      { id: "aio-yield", label: "@aio generator task, yield* future", file: "aio-yield.ts", aio: true, requires: ["loop"] },
      { id: "aio-await", label: "@aio async-function task, await future", file: "aio-await.ts", aio: true, requires: ["loop"] },
      ...cpython(),
      { id: "native", label: "native await of a promise resolved from a microtask", file: "native.mjs" },
      { id: "thenable", label: "floor: native await of a plain thenable resolved from a microtask", file: "thenable.mjs" },
    ],
    targets: [
      { kind: "ratio", text: "async-function task ≤ 1.2× native await of a microtask-resolved promise", metric: "nsPerOp", aio: "aio-await", peers: ["native"], max: 1.2 },
    ],
  },
  {
    id: "spawn-gather",
    title: "100k tasks that each sleep(0) once and return i, gathered",
    op: "task",
    n: 100_000,
    quickN: 10_000,
    metrics: [nsPerOp("ns/task")],
    systems: [
      { id: "aio-gen", label: "@aio generator tasks", file: "aio-gen.ts", aio: true, requires: ["loop", "task", "combinators"] },
      { id: "aio-async", label: "@aio async-function tasks", file: "aio-async.ts", aio: true, requires: ["loop", "task", "combinators"] },
      { id: "aio-gen-ctxvar", label: "@aio generator tasks, one ContextVar in use", file: "aio-gen-ctxvar.ts", aio: true, requires: ["loop", "task", "combinators", "contextvars"] },
      { id: "aio-async-ctxvar", label: "@aio async-function tasks, one ContextVar in use", file: "aio-async-ctxvar.ts", aio: true, requires: ["loop", "task", "combinators", "contextvars"] },
      { id: "aio-gen-traced", label: "@aio generator tasks, loop traced (TraceRecorder)", file: "aio-gen-traced.ts", aio: true, requires: ["loop", "task", "combinators", "trace"] },
      { id: "aio-async-traced", label: "@aio async-function tasks, loop traced (TraceRecorder)", file: "aio-async-traced.ts", aio: true, requires: ["loop", "task", "combinators", "trace"] },
      ...cpython(),
      { id: "native-immediate", label: "native async, setImmediate hop", file: "native-immediate.mjs" },
      { id: "native-microtask", label: "native async, Promise.resolve() hop", file: "native-microtask.mjs" },
      { id: "effection", label: "effection 4, spawn + sleep(0)", file: "effection.mjs", quickN: 2_000 },
      { id: "effect", label: "Effect 4, forkChild + yieldNow + join", file: "effect.mjs" },
    ],
    targets: [
      { kind: "ratio", text: "generator tasks ≥ 20× faster than CPython", metric: "nsPerOp", aio: "aio-gen", peers: ["cpython"], max: 1 / 20 },
      { kind: "ratio", text: "generator tasks no slower than native Promise.resolve() hop", metric: "nsPerOp", aio: "aio-gen", peers: ["native-microtask"], max: 1 },
      { kind: "ratio", text: "async-function tasks ≤ 1.5× the same native async code (Promise.resolve() hop)", metric: "nsPerOp", aio: "aio-async", peers: ["native-microtask"], max: 1.5 },
      { kind: "ratio", text: "generator tasks, traced ≤ 2× untraced", metric: "nsPerOp", aio: "aio-gen-traced", peers: ["aio-gen"], max: 2 },
      { kind: "ratio", text: "async-function tasks, traced ≤ 2× untraced", metric: "nsPerOp", aio: "aio-async-traced", peers: ["aio-async"], max: 2 },
    ],
    timeoutSeconds: 300,
  },
  {
    id: "pending-memory",
    title: "100k tasks blocked on one unset future: memory per task after a full GC",
    op: "task",
    n: 100_000,
    quickN: 20_000,
    metrics: [
      { key: "extra.rssBytesPerTask", label: "RSS B/task", unit: "B", better: "lower", ratios: true },
      { key: "extra.heapBytesPerTask", label: "heap B/task", unit: "B", better: "lower", ratios: true },
      nsPerOp("create ns/task"),
    ],
    systems: [
      { id: "aio-gen", label: "@aio generator tasks", file: "aio-gen.ts", aio: true, requires: ["loop", "task"] },
      { id: "aio-async", label: "@aio async-function tasks", file: "aio-async.ts", aio: true, requires: ["loop", "task"] },
      ...cpython(),
      { id: "native-async", label: "native async functions", file: "native-async.mjs" },
      { id: "thenable", label: "floor: native async functions awaiting a pending plain thenable", file: "thenable.mjs" },
      { id: "effection", label: "effection 4 spawned operations", file: "effection.mjs", quickN: 5_000 },
      { id: "effect", label: "Effect 4 forked fibers", file: "effect.mjs" },
    ],
    targets: [
      { kind: "ratio", text: "generator task ≤ 0.5× CPython bytes (RSS)", metric: "extra.rssBytesPerTask", aio: "aio-gen", peers: ["cpython"], max: 0.5 },
      { kind: "ratio", text: "generator task ≤ native async function (heap)", metric: "extra.heapBytesPerTask", aio: "aio-gen", peers: ["native-async"], max: 1 },
      { kind: "ratio", text: "async-function task ≤ 1.5× native async function (heap)", metric: "extra.heapBytesPerTask", aio: "aio-async", peers: ["native-async"], max: 1.5 },
    ],
  },
  {
    id: "ping-pong",
    title: "two tasks bounce 100k messages through Queue(1) (one op = one round trip)",
    op: "round trip",
    n: 100_000,
    quickN: 10_000,
    metrics: [nsPerOp("ns/round trip")],
    systems: [
      { id: "aio", label: "@aio Queue(1), generator tasks", file: "aio.ts", aio: true, requires: ["loop", "task", "queue"] },
      { id: "aio-async", label: "@aio Queue(1), async-function tasks", file: "aio-async.ts", aio: true, requires: ["loop", "task", "queue"] },
      { id: "aio-ctxvar", label: "@aio Queue(1), generator tasks, one ContextVar in use", file: "aio-ctxvar.ts", aio: true, requires: ["loop", "task", "queue", "contextvars"] },
      { id: "aio-async-ctxvar", label: "@aio Queue(1), async-function tasks, one ContextVar in use", file: "aio-async-ctxvar.ts", aio: true, requires: ["loop", "task", "queue", "contextvars"] },
      { id: "aio-traced", label: "@aio Queue(1), generator tasks, loop traced (TraceRecorder)", file: "aio-traced.ts", aio: true, requires: ["loop", "task", "queue", "trace"] },
      { id: "aio-async-traced", label: "@aio Queue(1), async-function tasks, loop traced (TraceRecorder)", file: "aio-async-traced.ts", aio: true, requires: ["loop", "task", "queue", "trace"] },
      ...cpython(),
      { id: "native", label: "hand-written native promise queue", file: "native.mjs" },
      { id: "effection", label: "effection 4 createQueue", file: "effection.mjs", note: "effection 4 has no bounded queue: two unbounded queues, strict alternation" },
      { id: "effect", label: "Effect 4 Queue.bounded(1)", file: "effect.mjs" },
    ],
    targets: [
      { kind: "ratio", text: "≥ 25× faster than CPython asyncio.Queue", metric: "nsPerOp", aio: "aio", peers: ["cpython"], max: 1 / 25 },
      { kind: "ratio", text: "no slower than the hand-written native queue", metric: "nsPerOp", aio: "aio", peers: ["native"], max: 1 },
      { kind: "ratio", text: "generator tasks, traced ≤ 2× untraced", metric: "nsPerOp", aio: "aio-traced", peers: ["aio"], max: 2 },
      { kind: "ratio", text: "async-function tasks, traced ≤ 2× untraced", metric: "nsPerOp", aio: "aio-async-traced", peers: ["aio-async"], max: 2 },
    ],
  },
  // Browser rows: the same programs on a page of headless Chromium (Debian's chromium, driven by
  // playwright-core; see tooling/browser), @aio against native promises in the same browser.
  {
    id: "spawn-gather-chromium",
    title: "spawn-gather in headless Chromium: 100k tasks that each sleep(0) once, gathered, on the page's MessageChannelHost",
    op: "task",
    n: 100_000,
    quickN: 10_000,
    metrics: [nsPerOp("ns/task")],
    systems: [
      { id: "aio-gen", label: "@aio generator tasks (Chromium)", file: "aio-gen.ts", aio: true, requires: ["loop", "task", "combinators"] },
      { id: "aio-async", label: "@aio async-function tasks (Chromium)", file: "aio-async.ts", aio: true, requires: ["loop", "task", "combinators"] },
      { id: "native-microtask", label: "native async, Promise.resolve() hop (Chromium)", file: "native-microtask.ts" },
      { id: "native-macrotask", label: "native async, MessageChannel hop (Chromium)", file: "native-macrotask.ts" },
    ],
    targets: [],
    timeoutSeconds: 300,
  },
  {
    id: "ping-pong-chromium",
    title: "ping-pong in headless Chromium: two tasks bounce 100k messages through Queue(1) (one op = one round trip)",
    op: "round trip",
    n: 100_000,
    quickN: 10_000,
    metrics: [nsPerOp("ns/round trip")],
    systems: [
      { id: "aio", label: "@aio Queue(1), generator tasks (Chromium)", file: "aio.ts", aio: true, requires: ["loop", "task", "queue"] },
      { id: "aio-async", label: "@aio Queue(1), async-function tasks (Chromium)", file: "aio-async.ts", aio: true, requires: ["loop", "task", "queue"] },
      { id: "native", label: "hand-written native promise queue (Chromium)", file: "native.ts" },
    ],
    targets: [],
    timeoutSeconds: 300,
  },
  {
    id: "virtual-time",
    title: "10k periodic timers (periods 60–3600 s) over 24 simulated hours (one op = one firing)",
    op: "firing",
    n: 10_000,
    quickN: 1_000,
    metrics: [
      { key: "seconds", label: "wall s / 24 h", unit: "s", better: "lower", ratios: true },
      nsPerOp("ns/firing"),
    ],
    systems: [
      { id: "aio", label: "@aio TestLoop.advance", file: "aio.ts", aio: true, requires: ["loop"] },
      { id: "sinon", label: "@sinonjs/fake-timers clock.tick", file: "sinon.mjs" },
    ],
    targets: [
      { kind: "absolute", text: "24 simulated hours of 10k periodic timers in under 1 s", metric: "seconds", system: "aio", max: 1 },
    ],
  },
  {
    id: "executor",
    title: "no-op dispatch (2 workers), fib(30) on 1 vs 2 workers, pool start-up apart",
    op: "no-op job",
    n: 20_000,
    quickN: 2_000,
    metrics: [
      nsPerOp("dispatch ns/job"),
      { key: "extra.fibSpeedup", label: "fib 2w/1w speed-up", unit: "x", better: "higher" },
      { key: "extra.fib1WorkerSeconds", label: "fib 1 worker", unit: "s", better: "lower" },
      { key: "extra.startupMs", label: "start-up", unit: "ms", better: "lower" },
    ],
    systems: [
      { id: "aio-threads", label: "@aio ThreadPoolExecutor", file: "aio-threads.ts", aio: true, requires: ["executor"], compareWith: ["piscina", "tinypool-threads", "workerpool-threads"] },
      { id: "aio-processes", label: "@aio ProcessPoolExecutor", file: "aio-processes.ts", aio: true, requires: ["executor"], compareWith: ["tinypool-processes", "workerpool-processes"] },
      { id: "piscina", label: "piscina (threads)", file: "piscina.mjs" },
      { id: "tinypool-threads", label: "tinypool (worker_threads)", file: "tinypool-threads.mjs" },
      { id: "tinypool-processes", label: "tinypool (child_process)", file: "tinypool-processes.mjs" },
      { id: "workerpool-threads", label: "workerpool (thread)", file: "workerpool-threads.mjs" },
      { id: "workerpool-processes", label: "workerpool (process)", file: "workerpool-processes.mjs" },
    ],
    targets: [
      { kind: "ratio", text: "thread dispatch ≤ 1.2× the fastest raw thread pool", metric: "nsPerOp", aio: "aio-threads", peers: ["piscina", "tinypool-threads", "workerpool-threads"], max: 1.2 },
      { kind: "ratio", text: "process dispatch ≤ 1.2× the fastest raw process pool", metric: "nsPerOp", aio: "aio-processes", peers: ["tinypool-processes", "workerpool-processes"], max: 1.2 },
      { kind: "absolute", text: "fib(30) on 2 threads ≥ 1.8× faster than on 1", metric: "extra.fibSpeedup", system: "aio-threads", min: 1.8 },
      { kind: "absolute", text: "fib(30) on 2 processes ≥ 1.8× faster than on 1", metric: "extra.fibSpeedup", system: "aio-processes", min: 1.8 },
    ],
  },
  {
    id: "executor-bullmq",
    title: "no-op jobs through Redis: latency of one job at a time (1 worker), and 4,000 at once on 1, 2 and 4 worker processes",
    op: "job",
    n: 4_000,
    quickN: 400,
    metrics: [
      nsPerOp("latency ns/job"),
      { key: "extra.w1NsPerJob", label: "1 worker ns/job", unit: "ns", better: "lower", ratios: true },
      { key: "extra.w2NsPerJob", label: "2 workers ns/job", unit: "ns", better: "lower", ratios: true },
      { key: "extra.w4NsPerJob", label: "4 workers ns/job", unit: "ns", better: "lower", ratios: true },
    ],
    systems: [
      { id: "aio-bullmq", label: "@aio BullMQExecutor + aio-worker --pool inline", file: "aio.ts", aio: true, requires: ["executor-bullmq"], compareWith: ["bullmq", "process-pool"] },
      { id: "bullmq", label: "BullMQ alone (Queue + QueueEvents + Worker)", file: "bullmq.mjs" },
      { id: "process-pool", label: "@aio ProcessPoolExecutor, local (for scale)", file: "process-pool.ts", requires: ["executor"], note: "no Redis: the floor a distributed executor cannot reach" },
    ],
    targets: [
      { kind: "ratio", text: "latency ≤ 1.1× BullMQ alone", metric: "nsPerOp", aio: "aio-bullmq", peers: ["bullmq"], max: 1.1 },
      { kind: "ratio", text: "4-worker throughput cost ≤ 1.1× BullMQ alone", metric: "extra.w4NsPerJob", aio: "aio-bullmq", peers: ["bullmq"], max: 1.1 },
    ],
  },
  {
    id: "subprocess",
    title: "one child per op: `cat` round trip of 64 KiB through communicate(); `true` spawned and waited for",
    op: "cat round trip",
    n: 200,
    quickN: 10,
    metrics: [
      nsPerOp("cat 64 KiB ns/op"),
      { key: "extra.trueNsPerOp", label: "true spawn+wait ns/op", unit: "ns", better: "lower", ratios: true },
    ],
    systems: [
      { id: "aio", label: "@aio createSubprocessExec", file: "aio.ts", aio: true, requires: ["subprocess"] },
      ...cpython(),
      { id: "child-process", label: "node:child_process spawn", file: "child-process.ts" },
    ],
    targets: [],
  },
  {
    id: "soak-failed-tasks",
    title:
      "fire-and-forget tasks that throw at once, nobody awaits them: heap growth per 100k over a second round of 200k after a first (full GC, loop idle), and the \"never retrieved\" reports",
    op: "failed task",
    n: 200_000,
    quickN: 1_000,
    metrics: [
      { key: "extra.heapBytesPer100k", label: "heap growth /100k", unit: "B", better: "lower" },
      { key: "extra.heapWithCodeBytesPer100k", label: "same, with JIT code", unit: "B", better: "lower" },
      { key: "extra.firstRoundHeapBytesPer100k", label: "first round /100k", unit: "B", better: "lower" },
      { key: "extra.reportedFraction", label: "reported by GC ÷ tasks", unit: "x", better: "higher" },
      { key: "seconds", label: "wall s", unit: "s", better: "lower" },
    ],
    systems: soakSystems([
      ["aio-gen", "@aio generator tasks"],
      ["aio-async", "@aio async-function tasks"],
    ]),
    targets: [
      ...under1KB(["aio-gen", "generator tasks"], ["aio-async", "async-function tasks"]),
      ...(["aio-gen", "aio-async"] as const).map((system) => ({
        kind: "absolute" as const,
        text: `${system === "aio-gen" ? "generator" : "async-function"} tasks: every failed task reported while the loop runs on`,
        metric: "extra.reportedFraction",
        system,
        min: 1,
      })),
    ],
    timeoutSeconds: 300,
  },
  {
    id: "soak-ops",
    title:
      "1M operations, 10% cancelled mid-wait (tasks in sleep, Queue getters, Semaphore waiters): heap growth per 100k over a second 1M after a first (full GC, loop idle)",
    op: "operation",
    n: 1_000_000,
    quickN: 2_000,
    metrics: [
      { key: "extra.heapBytesPer100k", label: "heap growth /100k", unit: "B", better: "lower" },
      { key: "extra.heapWithCodeBytesPer100k", label: "same, with JIT code", unit: "B", better: "lower" },
      { key: "extra.firstRoundHeapBytesPer100k", label: "first round /100k", unit: "B", better: "lower" },
      nsPerOp("ns/op"),
    ],
    systems: soakSystems([
      ["tasks-gen", "@aio tasks, generator (10% cancelled in sleep)"],
      ["tasks-async", "@aio tasks, async function (10% cancelled in sleep)"],
      ["queue-gen", "@aio Queue get, generator (10% of getters cancelled)", ["queue"]],
      ["queue-async", "@aio Queue get, async function (10% of getters cancelled)", ["queue"]],
      ["semaphore-gen", "@aio Semaphore(10) acquire, generator (10% of waiters cancelled)", ["sync"]],
      ["semaphore-async", "@aio Semaphore(10) acquire, async function (10% of waiters cancelled)", ["sync"]],
    ]),
    targets: under1KB(
      ["tasks-gen", "tasks, generator"],
      ["tasks-async", "tasks, async function"],
      ["queue-gen", "Queue, generator"],
      ["queue-async", "Queue, async function"],
      ["semaphore-gen", "Semaphore, generator"],
      ["semaphore-async", "Semaphore, async function"],
    ),
    timeoutSeconds: 300,
  },
  ...(["64b", "64k"] as const).map((size): WorkloadDef => echoWorkload(size)),
];

/**
 * echo-64b / echo-64k: @aio streams against hand-written node:net, CPython asyncio streams and
 * uvloop, 100 connections on one process (server and clients), one op = one round trip of one
 * message. `cpu ns/rt` is the process's CPU time per round trip, steadier than wall time on a
 * busy machine.
 */
function echoWorkload(size: "64b" | "64k"): WorkloadDef {
  const bytes = size === "64b" ? "64 B" : "64 KiB";
  const aio = (style: "async" | "gen"): TargetDef[] => {
    const row = style === "async" ? "aio-async" : "aio-gen";
    const what = style === "async" ? "async-function tasks" : "generator tasks";
    return [
      { kind: "ratio", text: `${what}: ≥ 0.8× hand-written node:net`, metric: "nsPerOp", aio: row, peers: ["node-net"], max: 1 / 0.8 },
      { kind: "ratio", text: `${what}: ≥ 3× CPython asyncio streams`, metric: "nsPerOp", aio: row, peers: ["cpython"], max: 1 / 3 },
      { kind: "ratio", text: `${what}: ahead of uvloop`, metric: "nsPerOp", aio: row, peers: ["uvloop"], max: 1 },
    ];
  };
  return {
    id: `echo-${size}`,
    title: `echo round trips of ${bytes} messages over 100 TCP connections on 127.0.0.1 (server and clients in one process)`,
    op: "round trip",
    n: size === "64b" ? 200_000 : 20_000,
    quickN: size === "64b" ? 10_000 : 1_000,
    metrics: [
      nsPerOp("ns/round trip"),
      { key: "extra.mbPerSec", label: "throughput", unit: "MB/s", better: "higher", ratios: true },
      { key: "extra.cpuNsPerOp", label: "cpu ns/rt", unit: "ns", better: "lower", ratios: true },
    ],
    systems: [
      { id: "aio-async", label: "@aio streams, async-function tasks", file: "aio-async.ts", aio: true, requires: ["loop", "task", "combinators", "streams"] },
      { id: "aio-gen", label: "@aio streams, generator tasks", file: "aio-gen.ts", aio: true, requires: ["loop", "task", "combinators", "streams"] },
      { id: "node-net", label: "hand-written node:net echo", file: "node-net.mjs" },
      ...cpython(),
      { id: "uvloop", label: "uvloop streams", file: "uvloop-streams.py", python: "uvloop" },
    ],
    targets: [...aio("async"), ...aio("gen")],
    timeoutSeconds: 300,
  };
}

/** The @aio rows of a soak workload: [id (= script name without .ts), label, extra packages needed]. */
function soakSystems(rows: [id: string, label: string, extra?: string[]][]): SystemDef[] {
  return rows.map(([id, label, extra = []]) => ({
    id,
    label,
    file: `${id}.ts`,
    aio: true,
    requires: ["loop", "task", "combinators", ...extra],
  }));
}

/** The soak target of every row: steady-state heap growth under 1 KB per 100k operations. */
function under1KB(...rows: [system: string, what: string][]): TargetDef[] {
  return rows.map(([system, what]) => ({
    kind: "absolute",
    text: `${what}: heap growth under 1 KB per 100k operations`,
    metric: "extra.heapBytesPer100k",
    system,
    max: 1000,
  }));
}

/** The workloads named in `--only` (all when empty); throws naming an unknown id. */
export function selectWorkloads(only: string[], suite: WorkloadDef[] = SUITE): WorkloadDef[] {
  if (only.length === 0) return suite;
  const known = new Set(suite.map((w) => w.id));
  for (const id of only) {
    if (!known.has(id)) throw new RangeError(`--only: unknown workload "${id}" (known: ${[...known].join(", ")})`);
  }
  return suite.filter((w) => only.includes(w.id));
}
