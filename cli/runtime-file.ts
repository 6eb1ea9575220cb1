import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/**
 * `switchyard start` writes where things run (Temporal address, Web UI,
 * ingress) so `backfill` and `status` from another terminal find them.
 */
export interface RuntimeInfo {
  temporalAddress: string;
  uiUrl: string | null;
  ingressUrl: string;
  config: string;
  pid: number;
}

export const RUNTIME_FILE = path.join('data', 'runtime.json');

export function writeRuntimeInfo(info: RuntimeInfo): void {
  mkdirSync(path.dirname(RUNTIME_FILE), { recursive: true });
  writeFileSync(RUNTIME_FILE, JSON.stringify(info, null, 2));
}

export function readRuntimeInfo(): RuntimeInfo | null {
  if (!existsSync(RUNTIME_FILE)) return null;
  try {
    return JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as RuntimeInfo;
  } catch {
    return null;
  }
}

/** Web UI link to one workflow run. */
export function workflowUrl(uiUrl: string | null, namespace: string, workflowId: string, runId?: string): string | null {
  if (!uiUrl) return null;
  const base = `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${runId}/history` : base;
}
