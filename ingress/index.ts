/**
 * Webhook ingress: verify → dedupe + outbox (one store write, then the ack) →
 * forwarder → Temporal signalWithStart. See server.ts, forwarder.ts and
 * forwarder-thread.ts for the why of each step.
 */
export { createIngress, type Ingress, type IngressOptions } from './server';
export { createForwarder, type Forwarder, type ForwarderOptions, type OutboxStore } from './forwarder';
export { startForwarderThread, ForwarderThreadError, type ForwarderThread, type ForwarderThreadOptions } from './forwarder-thread';
export { parseStartSpec, serializeStartSpec, typedSearchAttributesOf, StartSpecError, type StartSpec, type WebhookRouter } from './start-spec';
export { recordedSignals, recordedSignalsOf, type RecordedSignal } from './signal-audit';
export { REJECT_REASONS, FAILURE_REASONS, totalRejected, type IngressStats, type RejectReason, type FailureReason } from './stats';
export { stderrLog, type LogEntry, type LogFn } from './log';
