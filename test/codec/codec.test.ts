// The payload codec on its own: AES-256-GCM round trips, the key id in the metadata, rotation (a new key
// encrypts, old ids still decrypt), tampering refused, failures' messages moved into encrypted attributes,
// subject pseudonyms, and configuration problems that name the setting and never the key.
import { randomBytes } from 'node:crypto';
import {
  ApplicationFailure,
  defaultFailureConverter,
  defaultPayloadConverter,
  type Payload,
} from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  CodecKeyError,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  keyring,
  parseKeyMaterial,
  payloadEncryption,
  withEncodedMessage,
} from '../../src/codec/index.js';
import { type CodecConfigError, codecKeySecretName, loadKeyring } from '../../src/codec/config.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const text = (b: Uint8Array | null | undefined): string => Buffer.from(b ?? []).toString();

describe('the payload codec', () => {
  const payload = defaultPayloadConverter.toPayload({ email: 'jordan.lee@example.com', name: 'Jordan Lee' });

  it('encrypts the whole payload and names only the encoding and the key id', async () => {
    const { codec } = payloadEncryption(keyring([k1]));
    const [encoded] = await codec.encode([payload]);
    expect(Object.keys(encoded?.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
    expect(text(encoded?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded?.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(encoded?.data ?? []).includes('jordan')).toBe(false);
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({
      email: 'jordan.lee@example.com',
      name: 'Jordan Lee',
    });
    // Fresh IV per payload: the same value never encrypts to the same bytes.
    const [again] = await codec.encode([payload]);
    expect(Buffer.from(again!.data!).equals(Buffer.from(encoded!.data!))).toBe(false);
  });

  it('rotates: a new key encrypts, payloads under the old id still decrypt, a dropped id names itself', async () => {
    const [old] = await payloadEncryption(keyring([k1])).codec.encode([payload]);
    const rotated = payloadEncryption(keyring([k2, k1])).codec;
    const [fresh] = await rotated.encode([payload]);
    expect(text(fresh?.metadata?.[KEY_ID_METADATA])).toBe('k2');
    for (const p of await rotated.decode([old!, fresh!]))
      expect(defaultPayloadConverter.fromPayload(p)).toMatchObject({ name: 'Jordan Lee' });
    await expect(payloadEncryption(keyring([k2])).codec.decode([old!])).rejects.toThrow(CodecKeyError);
    await expect(payloadEncryption(keyring([k2])).codec.decode([old!])).rejects.toThrow(/key id "k1"/);
    // Unencrypted payloads (written before encryption was on) pass through.
    expect(await rotated.decode([payload])).toEqual([payload]);
  });

  it('refuses a tampered payload or one moved under another key id', async () => {
    const { codec } = payloadEncryption(keyring([k1, { id: 'k1b', key: k1.key }]));
    const [encoded] = await codec.encode([payload]);
    const flipped: Payload = {
      ...encoded,
      data: Uint8Array.from(encoded!.data!, (b, i) => (i === 20 ? b ^ 1 : b)),
    };
    await expect(codec.decode([flipped])).rejects.toThrow();
    const moved: Payload = {
      ...encoded,
      metadata: { ...encoded!.metadata, [KEY_ID_METADATA]: Buffer.from('k1b') },
    };
    await expect(codec.decode([moved])).rejects.toThrow();
  });

  it('moves every message of a failure chain into encoded attributes, and a decoder gets them back', () => {
    const cause = new Error('GET /api/systemusers answered 404 for jordan.lee@example.com');
    const err = ApplicationFailure.create({
      message: 'no user jordan.lee@example.com',
      type: 'JumpCloudNotFound',
      cause,
    });
    const wrapped = withEncodedMessage(err) as ApplicationFailure;
    const proto = defaultFailureConverter.errorToFailure(wrapped, defaultPayloadConverter);
    expect(
      JSON.stringify({
        ...proto,
        encodedAttributes: null,
        cause: { ...proto.cause, encodedAttributes: null },
      }),
    ).not.toContain('jordan');
    expect(proto.applicationFailureInfo?.type).toBe('JumpCloudNotFound');
    const back = defaultFailureConverter.failureToError(proto, defaultPayloadConverter);
    expect(back.message).toBe('no user jordan.lee@example.com');
    expect((back.cause as Error | undefined)?.message).toContain('answered 404 for jordan.lee@example.com');
  });

  it('gives stable pseudonyms per key, so runs stay findable, and different ones under another key', () => {
    const one = payloadEncryption(keyring([k1]));
    expect(one.pseudonym('Jordan.Lee@example.com')).toBe(one.pseudonym('jordan.lee@example.com'));
    expect(one.pseudonym('jordan.lee@example.com')).toMatch(/^s-[0-9a-f]{20}$/);
    const both = payloadEncryption(keyring([k2, k1]));
    expect(both.pseudonyms('jordan.lee@example.com')).toEqual([
      both.pseudonym('jordan.lee@example.com'),
      one.pseudonym('jordan.lee@example.com'),
    ]);
  });
});

describe('codec configuration', () => {
  it('reads 256-bit keys as base64 or hex, nothing else', () => {
    expect(parseKeyMaterial(k1.key.toString('base64'))?.equals(k1.key)).toBe(true);
    expect(parseKeyMaterial(k1.key.toString('base64url'))?.equals(k1.key)).toBe(true);
    expect(parseKeyMaterial(k1.key.toString('hex'))?.equals(k1.key)).toBe(true);
    expect(parseKeyMaterial('too-short')).toBeUndefined();
  });

  it('names the setting and the key id in every problem, never the key', async () => {
    const secret = randomBytes(16).toString('base64');
    const problems = async (env: NodeJS.ProcessEnv): Promise<string> => {
      try {
        await loadKeyring(env);
        return '';
      } catch (err) {
        return (err as CodecConfigError).problems.join('\n');
      }
    };
    expect(await problems({ IDFLOW_CODEC_KEYS: 'good,bad id' })).toContain(
      'IDFLOW_CODEC_KEYS: "bad id" is not a key id',
    );
    expect(await problems({ IDFLOW_CODEC_KEYS: 'k1' })).toContain('IDFLOW_CODEC_KEY_K1: the key of id "k1"');
    const short = await problems({ IDFLOW_CODEC_KEYS: 'k1', IDFLOW_CODEC_KEY_K1: secret });
    expect(short).toContain('IDFLOW_CODEC_KEY_K1: not a 256-bit key');
    expect(short).not.toContain(secret);
    expect(codecKeySecretName('2025-06.a')).toBe('IDFLOW_CODEC_KEY_2025_06_A');
    expect(await loadKeyring({})).toBeUndefined();
    const ring = await loadKeyring({
      IDFLOW_CODEC_KEYS: 'k2, k1',
      IDFLOW_CODEC_KEY_K1: k1.key.toString('hex'),
      IDFLOW_CODEC_KEY_K2: k2.key.toString('base64'),
    });
    expect(ring?.active.id).toBe('k2');
    expect([...(ring?.byId.keys() ?? [])]).toEqual(['k2', 'k1']);
  });
});
