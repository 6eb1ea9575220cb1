import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { findTemporalCli } from './cli-binary';
import { searchAttributeFlags } from './search-attributes';

export interface DevServerOptions {
  /** SQLite file the dev server persists to (survives restarts); omit for in-memory. */
  dbFile?: string;
  port?: number;
  uiPort?: number;
  /** Start the Web UI (default true when uiPort is set). */
  ui?: boolean;
  namespace?: string;
  /**
   * CPU niceness for the server process (0 = normal). On a small machine the
   * embedded server competes with the webhook ingress for cores; running it
   * at a lower priority keeps webhook acks fast while Temporal still gets
   * every idle cycle.
   */
  niceness?: number;
  log?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Runs `temporal server start-dev` (the pinned CLI) with our search
 * attributes registered, and resolves once the frontend answers gRPC.
 */
export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const bin = findTemporalCli();
  const port = opts.port ?? (await freePort());
  const ui = opts.ui ?? opts.uiPort !== undefined;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', opts.namespace ?? 'default', '--log-level', 'error'];
  if (opts.dbFile) {
    mkdirSync(path.dirname(path.resolve(opts.dbFile)), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  if (ui) args.push('--ui-port', String(opts.uiPort ?? port + 1000));
  else args.push('--headless');
  args.push(...searchAttributeFlags());
  const niced = opts.niceness ? ['nice', ['-n', String(opts.niceness), bin, ...args]] as const : [bin, args] as const;
  const child = spawn(niced[0], niced[1], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = opts.log ?? (() => undefined);
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const address = `127.0.0.1:${port}`;
  await waitForFrontend(address, child);
  return {
    address,
    uiUrl: ui ? `http://127.0.0.1:${opts.uiPort ?? port + 1000}` : null,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

async function waitForFrontend(address: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      return;
    } catch (err) {
      lastErr = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal dev server at ${address} did not come up: ${String(lastErr)}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
