// Types for processes.mjs.
export interface RedisProcess {
  port: number;
  url: string;
  stop(): Promise<void>;
}
export function startRedis(): Promise<RedisProcess>;
export function startProcess(script: string, args: string[]): Promise<{ stop(): Promise<void> }>;
