// The PayloadCodec: every payload — workflow inputs and results, activity arguments and results, update
// arguments, failure details — is serialised whole (metadata and data), encrypted with AES-256-GCM and
// wrapped in a payload that says only `binary/encrypted` and which key id encrypted it. The Temporal server
// (and anyone reading its database or a history export) sees neither names nor emails; whoever holds the
// key decodes, through the same codec in the worker and the CLI, or the codec endpoint for the Web UI.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import protos from '@temporalio/proto';
import type { Keyring } from './keys.js';

const PayloadProto = protos.temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined): string => (b ? new TextDecoder().decode(b) : '');

/** The key id is authenticated too: moving a payload under another key id fails to decrypt. */
const aad = (keyId: string): Buffer => Buffer.from(`idflow/v1:${keyId}`);

export class CodecKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `cannot decrypt a payload encrypted with key id "${keyId}": that key is not configured (IDFLOW_CODEC_KEYS)`,
    );
    this.name = 'CodecKeyError';
  }
}

export class AesGcmCodec implements PayloadCodec {
  constructor(private readonly keys: Keyring) {}

  encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.active;
    return Promise.resolve(
      payloads.map((p) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(id));
        const plain = PayloadProto.encode(p).finish();
        const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return {
          metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id) },
          data: new Uint8Array(data),
        };
      }),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    try {
      return Promise.resolve(payloads.map((p) => this.decodeOne(p)));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private decodeOne(p: Payload): Payload {
    // Payloads written before encryption was turned on pass through unchanged.
    if (text(p.metadata?.encoding) !== ENCRYPTED_ENCODING) return p;
    const keyId = text(p.metadata?.[KEY_ID_METADATA]);
    const found = this.keys.byId.get(keyId);
    if (!found) throw new CodecKeyError(keyId);
    const data = Buffer.from(p.data ?? new Uint8Array());
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const body = data.subarray(IV_BYTES, data.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', found.key, iv).setAAD(aad(keyId));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(body), decipher.final()]);
    return PayloadProto.decode(plain);
  }
}
