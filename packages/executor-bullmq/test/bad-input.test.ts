// Bad input to BullMQExecutor and its methods: wrong types, NaN, ±Infinity, negative numbers,
// unknown options, and methods called on something that is not an executor. Each is refused at the
// call with the exact error class and a message that names the function and the argument, before
// anything connects to Redis.
import { describe, expect, it } from "vitest";
import { BullMQExecutor, type BullMQExecutorOptions } from "../src/index.js";
import { errorOf, type Accepted, type Refused } from "../../../tooling/config/bad-input.js";

const url = "redis://127.0.0.1:1"; // never reached: every row fails before connecting
const make = (options: Partial<BullMQExecutorOptions> | undefined): BullMQExecutor => new BullMQExecutor(options as BullMQExecutorOptions);
const jobs = (jobOptions: unknown): BullMQExecutor => make({ connection: url, jobOptions: jobOptions as never });

const refused: Refused[] = [
  { call: "new BullMQExecutor()", run: () => make(undefined), error: TypeError, message: /^BullMQExecutor\(options\): expected an options object with a connection, got undefined$/ },
  { call: "new BullMQExecutor(null)", run: () => make(null as never), error: TypeError, message: /^BullMQExecutor\(options\): expected an options object, got null$/ },
  { call: "new BullMQExecutor({})", run: () => make({}), error: TypeError, message: /^BullMQExecutor\(connection\): expected a redis:\/\/ URL or ioredis options .*got undefined$/ },
  { call: "new BullMQExecutor({ connection: 6379 })", run: () => make({ connection: 6379 as never }), error: TypeError, message: /^BullMQExecutor\(connection\): .*got 6379 \(number\)$/ },
  { call: 'connection: "localhost:6379"', run: () => make({ connection: "localhost:6379" }), error: TypeError, message: /^BullMQExecutor\(connection\): expected a redis:\/\/ or rediss:\/\/ URL, got "localhost:6379" \(string\)$/ },
  { call: 'connection: "not a url"', run: () => make({ connection: "not a url" }), error: TypeError, message: /^BullMQExecutor\(connection\): expected a redis:\/\/ or rediss:\/\/ URL or ioredis options, got "not a url" \(string\)$/ },
  { call: "connection with a path that is not a database", run: () => make({ connection: "redis://h:1/x" }), error: TypeError, message: /^BullMQ connection: the URL's path must be a database number/ },
  { call: "unknown option queueName", run: () => make({ connection: url, queueName: "q" } as never), error: TypeError, message: /^BullMQExecutor\(options\): unknown option "queueName"; the options are connection, queue, prefix, jobOptions, reconnectTimeout$/ },
  { call: "queue: 42", run: () => make({ connection: url, queue: 42 as never }), error: TypeError, message: /^BullMQExecutor\(queue\): expected a non-empty string, got 42 \(number\)$/ },
  { call: 'queue: ""', run: () => make({ connection: url, queue: "" }), error: TypeError, message: /^BullMQExecutor\(queue\): expected a non-empty string, got "" \(string\)$/ },
  { call: 'queue: "a:b"', run: () => make({ connection: url, queue: "a:b" }), error: RangeError, message: /^BullMQExecutor\(queue\): a queue name cannot contain ":", got "a:b" \(string\)$/ },
  { call: "prefix: {}", run: () => make({ connection: url, prefix: {} as never }), error: TypeError, message: /^BullMQExecutor\(prefix\): expected a non-empty string/ },
  { call: "reconnectTimeout: -1", run: () => make({ connection: url, reconnectTimeout: -1 }), error: RangeError, message: /^BullMQExecutor\(reconnectTimeout\): expected a number of seconds from 0 to 2147483, got -1 \(number\)$/ },
  { call: "reconnectTimeout: NaN", run: () => make({ connection: url, reconnectTimeout: NaN }), error: RangeError, message: /^BullMQExecutor\(reconnectTimeout\): .*got NaN \(number\)$/ },
  { call: "reconnectTimeout: Infinity", run: () => make({ connection: url, reconnectTimeout: Infinity }), error: RangeError, message: /^BullMQExecutor\(reconnectTimeout\): .*got Infinity \(number\)$/ },
  { call: 'reconnectTimeout: "5"', run: () => make({ connection: url, reconnectTimeout: "5" as never }), error: TypeError, message: /^BullMQExecutor\(reconnectTimeout\): expected a number of seconds from 0 to 2147483, got "5" \(string\)$/ },
  { call: "jobOptions: 3", run: () => jobs(3), error: TypeError, message: /^BullMQExecutor\(jobOptions\): expected an options object, got 3 \(number\)$/ },
  { call: "jobOptions unknown: retries", run: () => jobs({ retries: 3 }), error: TypeError, message: /^BullMQExecutor\(jobOptions\): unknown option "retries"; the options are attempts, backoff, priority, timeout, removeOnComplete, removeOnFail$/ },
  { call: "attempts: 0", run: () => jobs({ attempts: 0 }), error: RangeError, message: /^BullMQExecutor\(jobOptions.attempts\): expected an integer >= 1, got 0 \(number\)$/ },
  { call: "attempts: 1.5", run: () => jobs({ attempts: 1.5 }), error: RangeError, message: /^BullMQExecutor\(jobOptions.attempts\): .*got 1\.5 \(number\)$/ },
  { call: "attempts: Infinity", run: () => jobs({ attempts: Infinity }), error: RangeError, message: /^BullMQExecutor\(jobOptions.attempts\): .*got Infinity \(number\)$/ },
  { call: 'attempts: "2"', run: () => jobs({ attempts: "2" }), error: TypeError, message: /^BullMQExecutor\(jobOptions.attempts\): expected an integer >= 1, got "2" \(string\)$/ },
  { call: "backoff: -1", run: () => jobs({ backoff: -1 }), error: RangeError, message: /^BullMQExecutor\(jobOptions.backoff\): expected a number of seconds from 0/ },
  { call: 'backoff type "linear"', run: () => jobs({ backoff: { type: "linear", delay: 1 } }), error: TypeError, message: /^BullMQExecutor\(jobOptions.backoff\).type: expected "fixed" or "exponential", got "linear" \(string\)$/ },
  { call: "backoff without delay", run: () => jobs({ backoff: { type: "fixed" } }), error: TypeError, message: /^BullMQExecutor\(jobOptions.backoff\).delay: expected a number of seconds/ },
  { call: "priority: 0", run: () => jobs({ priority: 0 }), error: RangeError, message: /^BullMQExecutor\(jobOptions.priority\): expected an integer from 1 to 2097152, got 0 \(number\)$/ },
  { call: "priority: 2 ** 22", run: () => jobs({ priority: 2 ** 22 }), error: RangeError, message: /^BullMQExecutor\(jobOptions.priority\): .*got 4194304 \(number\)$/ },
  { call: "timeout: 0", run: () => jobs({ timeout: 0 }), error: RangeError, message: /^BullMQExecutor\(jobOptions.timeout\): expected a number of seconds above 0, at most 2147483, got 0 \(number\)$/ },
  { call: "timeout: NaN", run: () => jobs({ timeout: NaN }), error: RangeError, message: /^BullMQExecutor\(jobOptions.timeout\): .*got NaN \(number\)$/ },
  { call: "removeOnComplete: -1", run: () => jobs({ removeOnComplete: -1 }), error: RangeError, message: /^BullMQExecutor\(jobOptions.removeOnComplete\): expected a count >= 0, got -1 \(number\)$/ },
  { call: "removeOnFail: { days: 1 }", run: () => jobs({ removeOnFail: { days: 1 } }), error: TypeError, message: /^BullMQExecutor\(jobOptions.removeOnFail\): unknown option "days"/ },
  { call: "removeOnFail: { count: -2 }", run: () => jobs({ removeOnFail: { count: -2 } }), error: RangeError, message: /^BullMQExecutor\(jobOptions.removeOnFail\).count: expected a count >= 0, got -2 \(number\)$/ },
  // Methods called on something that is not an executor.
  { call: "submit on a plain object", run: () => (BullMQExecutor.prototype.submit as (...a: unknown[]) => unknown).call({}, () => 1), error: TypeError, message: /^BullMQExecutor.submit: called on Object \(object\), not a BullMQExecutor; call it on the executor \(executor.submit\) or bind it$/ },
  { call: "map on undefined", run: () => (BullMQExecutor.prototype.map as (...a: unknown[]) => unknown).call(undefined, () => 1, []), error: TypeError, message: /^BullMQExecutor.map: called on undefined, not a BullMQExecutor/ },
  { call: "shutdown on null", run: () => BullMQExecutor.prototype.shutdown.call(null), error: TypeError, message: /^BullMQExecutor.shutdown: called on null, not a BullMQExecutor/ },
];

const accepted: Accepted[] = [
  { call: "jobOptions with every option", run: () => void jobs({ attempts: 3, backoff: { type: "exponential", delay: 0.5 }, priority: 1, timeout: null, removeOnComplete: { age: 60, count: 100 }, removeOnFail: false }).shutdown({ wait: false }) },
  { call: "connection as ioredis options", run: () => void make({ connection: { host: "127.0.0.1", port: 1 } }).shutdown({ wait: false }) },
  { call: "null for the optional options", run: () => void make({ connection: url, queue: null, prefix: null, jobOptions: null } as never).shutdown({ wait: false }) },
];

describe("@aio/executor-bullmq: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/executor-bullmq: accepted input keeps working", () => {
  it.each(accepted)("$call", async ({ run }) => {
    await run();
  });
});
