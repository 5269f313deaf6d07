// Payload encryption keys: 256-bit AES keys, each with an id. The first listed key encrypts; every listed
// key decrypts, so a rotation adds a new id in front and keeps the old ones until no history needs them.
import { createHash, createHmac, hkdfSync } from 'node:crypto';

export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface CodecKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  /** The key new payloads are encrypted with. */
  active: CodecKey;
  /** Every key that decrypts, by id (the active one included). */
  byId: ReadonlyMap<string, CodecKey>;
}

/** 32 bytes written as 64 hex digits or base64 (url-safe or not, padded or not); undefined otherwise. */
export function parseKeyMaterial(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return b.length === 32 ? b : undefined;
  }
  return undefined;
}

export function keyring(keys: readonly CodecKey[]): Keyring {
  const [active] = keys;
  if (!active) throw new Error('a keyring needs at least one key');
  return { active, byId: new Map(keys.map((k) => [k.id, k])) };
}

/** A short, non-secret fingerprint of a key, for logs and `idflow dev` output (never the key). */
export function fingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * The pseudonym of a run's subject under one key: what workflow ids and the IdflowSubject search attribute
 * show instead of an email when payloads are encrypted. Keyed (HMAC), so nobody without the key can
 * confirm a guess; stable, so runs about the same person stay findable (`idflow runs --subject`).
 */
export function subjectPseudonym(key: CodecKey, subject: string): string {
  const derived = Buffer.from(hkdfSync('sha256', key.key, 'idflow', 'subject-pseudonym', 32));
  return `s-${createHmac('sha256', derived).update(subject.trim().toLowerCase()).digest('hex').slice(0, 20)}`;
}
