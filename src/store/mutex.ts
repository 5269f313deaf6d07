// One-at-a-time access to a single SQLite connection. better-sqlite3 is synchronous, but a transaction
// callback awaits (the repositories are async so PostgreSQL fits the same interface), and without this two
// activities of one worker could interleave their statements inside each other's BEGIN … COMMIT.

export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
