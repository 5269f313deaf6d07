// Payload encryption as every idflow process uses it: the codec for the data converter, the failure
// interceptor for workers, and the subject pseudonyms for workflow ids and search attributes.
import type { DataConverter } from '@temporalio/common';
import { AesGcmCodec } from './aesGcm.js';
import { subjectPseudonym, type Keyring } from './keys.js';

export { AesGcmCodec, CodecKeyError, ENCRYPTED_ENCODING, KEY_ID_METADATA } from './aesGcm.js';
export { encodeActivityFailures, withEncodedMessage } from './failures.js';
export {
  fingerprint,
  keyring,
  parseKeyMaterial,
  subjectPseudonym,
  type CodecKey,
  type Keyring,
} from './keys.js';

export interface PayloadEncryption {
  keyring: Keyring;
  codec: AesGcmCodec;
  /** The data converter for a Client or a Worker. */
  dataConverter: DataConverter;
  /** The subject as ids and search attributes show it, under the active key. */
  pseudonym(subject: string): string;
  /** Under every configured key: runs started before a rotation are found too. */
  pseudonyms(subject: string): string[];
}

export function payloadEncryption(keys: Keyring): PayloadEncryption {
  const codec = new AesGcmCodec(keys);
  return {
    keyring: keys,
    codec,
    dataConverter: { payloadCodecs: [codec] },
    pseudonym: (subject) => subjectPseudonym(keys.active, subject),
    pseudonyms: (subject) => [...new Set([...keys.byId.values()].map((k) => subjectPseudonym(k, subject)))],
  };
}
