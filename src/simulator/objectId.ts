// JumpCloud ids are 24-hex Mongo ObjectIDs: 4 bytes of creation time (seconds), 5 random bytes fixed per
// process, and a 3-byte counter. Keeping that layout means "sort by _id" is creation order, also for
// records created within the same second, as on the real service; JumpCloud's advice to page with
// `sort=_id` relies on that.
import type { Rng } from './prng.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;

export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}

export class ObjectIdFactory {
  private readonly processPart: string;
  private counter: number;

  /** Draws the random parts from the seeded PRNG, so a seed gives the same ids. */
  constructor(rng: Rng) {
    this.processPart = rng.hex(10);
    this.counter = rng.int(0x1000000);
  }

  next(at: Date): string {
    const seconds = Math.floor(at.getTime() / 1000) >>> 0;
    this.counter = (this.counter + 1) % 0x1000000;
    return (
      seconds.toString(16).padStart(8, '0') + this.processPart + this.counter.toString(16).padStart(6, '0')
    );
  }
}
