import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOf, killChild } from './webhooks-child-ipc';

/**
 * Parent ⇄ child plumbing for `bench catalog-backfill`: each child posts
 * `{ type, ... }` messages; the parent awaits one by type. Generic over the
 * child's message union so both children (sandboxes, worker) share it.
 */

export interface Message {
  type: string;
}

export type Of<M extends Message, T extends M['type']> = Extract<M, { type: T }>;

export function nextOf<M extends Message, T extends M['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Of<M, T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`child ${child.pid}: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: M): void => {
      if (m.type === 'error') finish(new Error(`child ${child.pid}: ${(m as unknown as { message: string }).message}`));
      else if (m.type === type) finish(null, m as Of<M, T>);
    };
    const onExit = (code: number | null): void => finish(new Error(`child ${child.pid} exited (code ${code}) before '${type}'`));
    function finish(err: Error | null, m?: Of<M, T>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(m as Of<M, T>);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export function askOf<M extends Message, T extends M['type']>(child: ChildProcess, request: Message, reply: T, timeoutMs = 30_000): Promise<Of<M, T>> {
  const answer = nextOf<M, T>(child, reply, timeoutMs);
  child.send(request);
  return answer;
}

/** Forks a bench child under tsx; `cpuProfDir` writes its V8 CPU profile there at exit. */
export function forkBenchChild(file: string, env: NodeJS.ProcessEnv, opts: { cpuProfDir?: string; nodeFlags?: string[] } = {}): ChildProcess {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const execArgv = ['--import', 'tsx'];
  if (opts.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.cpuProfDir)}`);
  execArgv.push(...(opts.nodeFlags ?? []));
  return fork(path.join(here, file), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
}

/** Asks a child to stop, waits for it to exit on its own (CPU profiles are written at exit), then makes sure. */
export async function stopChild(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send({ type: 'stop' });
  await exitOf(child, timeoutMs);
  await killChild(child);
}

/** Child side: post a message and wait until it is handed to the pipe. */
export function post<M extends Message>(m: M): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(m, undefined, undefined, () => resolve());
  });
}

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`bench child: ${name} is not set`);
  return v;
}
