/**
 * Structured log entries for the ingress and the forwarder. The fields are a
 * closed set on purpose: there is no slot for a header map or a body, so a
 * secret or a raw payload can't be logged by accident.
 */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  connector?: string;
  reason?: string;
  /** Human-readable cause from a verifier (e.g. "HMAC does not match"); verifiers never put secrets or payloads in it. */
  detail?: string;
  status?: number;
  eventId?: string;
  workflowId?: string;
  outboxIds?: number[];
  count?: number;
  /** Error class + message only (no stack, no request data). */
  error?: string;
  retryInMs?: number;
}

export type LogFn = (entry: LogEntry) => void;

/**
 * Default sink: one JSON line on stderr. Only rejections, errors and
 * forwarder state changes are logged — never one line per accepted request —
 * because stderr writes to a pipe are synchronous on Linux.
 */
export const stderrLog: LogFn = (entry) => {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
};

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
