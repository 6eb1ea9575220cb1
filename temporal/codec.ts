import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';

/**
 * Encrypts every workflow/activity payload with AES-256-GCM before it leaves
 * the process, so customer data never sits readable in Temporal's history.
 * The Web UI shows `binary/encrypted` unless pointed at a codec endpoint.
 * https://docs.temporal.io/payload-codec
 */
const ENCODING = 'binary/encrypted';
const CIPHER = 'aes-256-gcm';

export class AesGcmCodec implements PayloadCodec {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('payload key must be 32 bytes (base64 of 32 random bytes)');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  }

  /** Key from base64 text (e.g. the env var named by `temporal.payloadKey`). */
  static fromBase64(text: string): AesGcmCodec {
    return new AesGcmCodec(Buffer.from(text, 'base64'));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv(CIPHER, this.key, iv);
      const plain = serialise(p);
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCODING), 'encryption-key-id': Buffer.from(this.keyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (Buffer.from(p.metadata?.encoding ?? []).toString() !== ENCODING) return p;
      const keyId = Buffer.from(p.metadata?.['encryption-key-id'] ?? []).toString();
      if (keyId !== this.keyId) throw new Error(`payload was encrypted with key ${keyId}, this worker has ${this.keyId}`);
      const buf = Buffer.from(p.data ?? []);
      const iv = buf.subarray(0, 12);
      const tag = buf.subarray(buf.length - 16);
      const decipher = createDecipheriv(CIPHER, this.key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(buf.subarray(12, buf.length - 16)), decipher.final()]);
      return deserialise(plain);
    });
  }
}

/** Payload → bytes: metadata values and data as base64 in a small JSON envelope. */
function serialise(p: Payload): Buffer {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v ?? []).toString('base64');
  return Buffer.from(JSON.stringify({ m: metadata, d: Buffer.from(p.data ?? []).toString('base64') }));
}

function deserialise(buf: Buffer): Payload {
  const env = JSON.parse(buf.toString('utf8')) as { m: Record<string, string>; d: string };
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(env.m)) metadata[k] = Buffer.from(v, 'base64');
  return { metadata, data: Buffer.from(env.d, 'base64') };
}
