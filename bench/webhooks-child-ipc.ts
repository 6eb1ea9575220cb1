import type { ChildProcess } from 'node:child_process';
import type { ChildMessage, ChildRequest } from './webhooks-ingress-child';

/** Parent side of the IPC with bench/webhooks-ingress-child.ts. */

type MessageOf<T extends ChildMessage['type']> = Extract<ChildMessage, { type: T }>;

export function nextMessage<T extends ChildMessage['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<MessageOf<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`ingress child: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: ChildMessage): void => {
      if (m.type === type) finish(null, m as MessageOf<T>);
    };
    const onExit = (code: number | null): void => finish(new Error(`ingress child exited (code ${code}) before '${type}'`));
    function finish(err: Error | null, m?: MessageOf<T>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(m as MessageOf<T>);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export function ask<T extends ChildMessage['type']>(child: ChildProcess, request: ChildRequest, reply: T, timeoutMs = 10_000): Promise<MessageOf<T>> {
  const answer = nextMessage(child, reply, timeoutMs);
  child.send(request);
  return answer;
}

export function exitOf(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = exitOf(child, 10_000);
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(t);
}
