// From the ring's records to what both exports draw: lanes (one per task, one per loop for its
// callbacks and timers), steps with the events that happened inside them, and the flows that
// join a step to the steps it caused. Built only when a trace is exported.
import type { EventLoop } from "@aio/core";
import type { TraceRecorder } from "./recorder.js";
import { CANCEL, CREATED, QUEUED, STEP, TASK_STEP, TIMER, TIMER_FIRED, TURN } from "./ring.js";
import { asTask, describeAwaited, type TaskShape } from "./task-shape.js";

/** @internal A row of the timeline. */
export interface Lane {
  /** The loop's number (1, 2, ...): a process in Chrome's format. */
  pid: number;
  /** The lane's number within its loop: 0 for the loop's own lane, then tasks in order of appearance. */
  tid: number;
  name: string;
  task: TaskShape | null;
}

/** @internal Something that happened at one instant, inside a step or on its own. */
export interface Instant {
  lane: Lane;
  ts: number;
  name: string;
  args: Record<string, unknown>;
}

/** @internal One step (times in ms from the model's origin). */
export interface Step {
  lane: Lane;
  begin: number;
  end: number;
  name: string;
  args: Record<string, unknown>;
  slow: boolean;
  /** The flow that ends here (what caused this step), or null. */
  flowIn: number | null;
  /** Flows that start here (ids), at `begin`. */
  flowsOut: number[];
  /** Instants inside the step. */
  instants: Instant[];
}

/** @internal A wake-up: from a point in one step to the start of the step it caused. */
export interface Flow {
  id: number;
  name: string;
  from: Step;
  fromTs: number;
  to: Step;
}

/** @internal */
export interface Counter {
  pid: number;
  ts: number;
  lagMs: number;
}

/** @internal */
export interface Model {
  processes: { pid: number; name: string }[];
  lanes: Lane[];
  steps: Step[];
  /** Instants that happened outside every step. */
  loose: Instant[];
  flows: Flow[];
  counters: Counter[];
  /** The recorder's start of time (ms on its clock): every time in the model is relative to it. */
  origin: number;
  /** The last time in the model. */
  end: number;
  dropped: number;
}

const DEFAULT_SLOW_MS = 100;

/** @internal Reads the recorder's ring into a model. */
export function buildModel(rec: TraceRecorder): Model {
  const ring = rec._ring;
  const n = ring.size;
  const slots: number[] = [];
  let origin = Infinity;
  for (let k = 0; k < n; k++) {
    const i = ring.slot(k);
    slots.push(i);
    if (ring.ts[i]! < origin) origin = ring.ts[i]!;
  }
  if (origin === Infinity) origin = 0;

  const lanes: Lane[] = [];
  const taskLanes = new Map<object, Lane>();
  const loopLanes = new Map<number, Lane>();
  const nextTid = new Map<number, number>();
  const laneOfTask = (pid: number, task: TaskShape): Lane => {
    let lane = taskLanes.get(task);
    if (lane === undefined) {
      const tid = (nextTid.get(pid) ?? 0) + 1;
      nextTid.set(pid, tid);
      lane = { pid, tid, name: task.getName(), task };
      taskLanes.set(task, lane);
      lanes.push(lane);
    }
    return lane;
  };
  const loopLane = (pid: number): Lane => {
    let lane = loopLanes.get(pid);
    if (lane === undefined) {
      lane = { pid, tid: 0, name: "loop: callbacks and timers", task: null };
      loopLanes.set(pid, lane);
      lanes.push(lane);
    }
    return lane;
  };

  // Pass 1: lanes in order of appearance, and the steps (their records come after what happened
  // inside them: a step is written when it ends).
  const steps: Step[] = [];
  const stepByNo = new Map<number, Step>();
  const stepBySeq = new Map<number, Step>();
  const timerSteps = new Map<number, Step>();
  const callbackName = (f: unknown): string => (typeof f === "function" && f.name !== "" ? f.name : "callback");
  for (const i of slots) {
    const kind = ring.kind[i]!;
    const pid = ring.loop[i]!;
    if (kind === CREATED || kind === CANCEL) {
      const t = asTask(ring.ref[i]);
      if (t !== null) laneOfTask(pid, t);
    } else if (kind === STEP) {
      const what = ring.what[i]!;
      const task = what === TASK_STEP ? asTask(ring.ref[i]) : null;
      const lane = task !== null ? laneOfTask(pid, task) : loopLane(pid);
      const begin = ring.ts[i]! - origin;
      const end = begin + ring.value[i]!;
      const args: Record<string, unknown> = {};
      let name: string;
      if (task !== null) {
        name = "step";
        const awaited = ring.ref2[i];
        if (awaited !== null && awaited !== undefined) args.awaits = describeAwaited(awaited);
      } else if (what === TIMER_FIRED) {
        name = `timer: ${callbackName(ring.ref[i])}`;
      } else {
        name = callbackName(ring.ref[i]);
      }
      const loop = rec._loops[pid - 1] as (EventLoop & { slowCallbackDuration?: unknown }) | undefined;
      const slowS = loop?.slowCallbackDuration;
      const slowMs = typeof slowS === "number" ? slowS * 1000 : DEFAULT_SLOW_MS;
      const slow = end - begin >= slowMs;
      if (slow) args.slow = `took ${(end - begin).toFixed(3)} ms`;
      const step: Step = { lane, begin, end, name, args, slow, flowIn: null, flowsOut: [], instants: [] };
      steps.push(step);
      if (what === TIMER_FIRED && !Number.isNaN(ring.aux[i])) timerSteps.set(pid * 2 ** 40 + ring.aux[i]!, step);
      stepByNo.set(ring.step[i]!, step);
      stepBySeq.set(pid * 2 ** 40 + ring.seq[i]!, step);
    }
  }

  // Pass 2: what happened inside each step, and the flows.
  const flows: Flow[] = [];
  const loose: Instant[] = [];
  const counters: Counter[] = [];
  const link = (from: Step | undefined, fromTs: number, to: Step | undefined, name: string): void => {
    if (from === undefined || to === undefined || from === to) return;
    const flow: Flow = { id: flows.length + 1, name, from, fromTs, to };
    flows.push(flow);
    from.flowsOut.push(flow.id);
    to.flowIn = flow.id;
  };
  for (const i of slots) {
    const kind = ring.kind[i]!;
    const pid = ring.loop[i]!;
    const ts = ring.ts[i]! - origin;
    const inside = ring.step[i]! > 0 ? stepByNo.get(ring.step[i]!) : undefined;
    if (kind === QUEUED) {
      const target = stepBySeq.get(pid * 2 ** 40 + ring.seq[i]!);
      link(inside, ts, target, target !== undefined && target.lane.task !== null ? "wake-up" : "callback");
    } else if (kind === TIMER) {
      if (!Number.isNaN(ring.aux[i])) link(inside, ts, timerSteps.get(pid * 2 ** 40 + ring.aux[i]!), "timer");
    } else if (kind === CREATED || kind === CANCEL) {
      const t = asTask(ring.ref[i]);
      if (t === null) continue;
      const what = kind === CREATED ? "create" : "cancel";
      const args: Record<string, unknown> = { task: t.getName() };
      if (kind === CANCEL && typeof ring.ref2[i] === "string") args.message = ring.ref2[i];
      if (inside !== undefined) inside.instants.push({ lane: inside.lane, ts, name: `${what} ${t.getName()}`, args });
      else if (ring.step[i] === 0) loose.push({ lane: taskLanes.get(t)!, ts, name: `${what} ${t.getName()}`, args });
    } else if (kind === TURN) {
      counters.push({ pid, ts, lagMs: ring.value[i]! });
    }
  }

  let end = 0;
  for (const s of steps) if (s.end > end) end = s.end;
  for (const x of loose) if (x.ts > end) end = x.ts;
  for (const c of counters) if (c.ts > end) end = c.ts;
  const processes = rec._loops.map((loop, k) => ({ pid: k + 1, name: `${loop.constructor?.name ?? "EventLoop"} #${k + 1}` }));
  return { processes, lanes, steps, loose, flows, counters, origin, end, dropped: rec.dropped };
}
