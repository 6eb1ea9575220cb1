import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Client, Connection } from '@temporalio/client';
import { createForwarder, type OutboxStore } from './forwarder';
import type { FromThread, StoreCall, ThreadInit, ToThread } from './forwarder-thread';
import { describeError } from './log';

/**
 * Worker-thread entry for startForwarderThread: owns the Temporal client and
 * the forwarding loop; every store call goes back to the owning thread (see
 * forwarder-thread.ts for why).
 */

export class RemoteStoreError extends Error {
  override readonly name = 'RemoteStoreError';
}

const maybePort = parentPort;
if (maybePort === null) throw new Error('forwarder-worker must run as a worker thread');
const port = maybePort;
const init = workerData as ThreadInit;
const pokeFlag = new Int32Array(init.pokeFlag);
const post = (m: FromThread): void => port.postMessage(m);

const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextCall = 0;

function call<T>(c: StoreCall): Promise<T> {
  const id = nextCall++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    post({ type: 'store-call', id, call: c });
  });
}

const remoteStore: OutboxStore = {
  pendingOutbox: (...args) => call({ method: 'pendingOutbox', args }),
  markDelivered: (...args) => call({ method: 'markDelivered', args }),
  markAttempted: (...args) => call({ method: 'markAttempted', args }),
  countOutbox: (...args) => call({ method: 'countOutbox', args }),
};

async function main(): Promise<void> {
  // On Linux setpriority(PRIO_PROCESS, 0) applies to the calling thread only, so this
  // lowers the forwarder thread and leaves the ingress thread alone. Elsewhere it would
  // renice the whole process, so it is skipped.
  if (init.niceness !== 0 && process.platform === 'linux') os.setPriority(init.niceness);
  const connection = await Connection.connect({ address: init.temporal.address });
  const client = new Client({ connection, namespace: init.temporal.namespace ?? 'default' });
  const forwarder = createForwarder({ ...init.options, store: remoteStore, client, log: (entry) => post({ type: 'log', entry }) });

  port.on('message', (m: ToThread) => {
    switch (m.type) {
      case 'store-result': {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new RemoteStoreError(m.error));
        return;
      }
      case 'poke':
        // Re-arm before poking so a delivery accepted during the round posts a fresh poke.
        Atomics.store(pokeFlag, 0, 0);
        return forwarder.poke();
      case 'drain':
        void forwarder.drain(m.timeoutMs).then(
          (ok) => post({ type: 'drained', id: m.id, ok }),
          () => post({ type: 'drained', id: m.id, ok: false }),
        );
        return;
      case 'stop':
        void (async () => {
          await forwarder.stop();
          await connection.close();
          post({ type: 'stopped' });
        })();
        return;
    }
  });
  forwarder.start();
  post({ type: 'ready' });
}

main().catch((err: unknown) => post({ type: 'failed', error: describeError(err) }));
