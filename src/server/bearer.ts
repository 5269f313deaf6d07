// Bearer tokens for the runs API. Tokens are compared as SHA-256 digests with timingSafeEqual, against every
// configured token without stopping at a match, so neither a token's length nor its position in the list
// shows in the response time.
import { createHash, timingSafeEqual } from 'node:crypto';

export type Access = 'read' | 'write';

export interface BearerToken {
  name: string;
  value: string;
  access: Access;
}

export interface Caller {
  name: string;
  access: Access;
}

export class BearerTokens {
  private readonly digests: { name: string; access: Access; digest: Buffer }[];

  constructor(tokens: readonly BearerToken[]) {
    this.digests = tokens.map((t) => ({ name: t.name, access: t.access, digest: digest(t.value) }));
  }

  get size(): number {
    return this.digests.length;
  }

  /** The caller an `Authorization` header authenticates, or undefined. */
  authenticate(authorization: string | undefined): Caller | undefined {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    const presented = digest(m?.[1] ?? '');
    let found: Caller | undefined;
    for (const t of this.digests) {
      if (timingSafeEqual(presented, t.digest) && m && !found) found = { name: t.name, access: t.access };
    }
    return found;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
