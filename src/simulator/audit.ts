// What the simulator remembers about traffic: the audit log (mutations it applied, for asserting what a
// workflow actually did) and the request log (every API request with its outcome, for asserting retries,
// back-off and paging behaviour).

export interface AuditEntry {
  seq: number;
  /** ISO time the mutation was applied. */
  at: string;
  method: string;
  path: string;
  /** e.g. 'systemuser.suspend', 'usergroup.member.add' */
  operation: string;
  targetId: string;
  detail?: Record<string, unknown>;
}

export interface RequestLogEntry {
  seq: number;
  /** ms since the epoch when the request arrived */
  at: number;
  /** ms since the epoch when the response was sent (after any injected latency) */
  respondedAt: number;
  method: string;
  /** As requested, query string included (so paging and filter calls can be told apart). */
  path: string;
  status: number;
  /** Set when the answer carried a Retry-After header (injected 429s). */
  retryAfterSeconds?: number;
}

export class AuditLog {
  private readonly entries: AuditEntry[] = [];

  append(entry: Omit<AuditEntry, 'seq'>): AuditEntry {
    const full: AuditEntry = { seq: this.entries.length + 1, ...entry };
    this.entries.push(full);
    return full;
  }

  /** Entries with seq > since (all by default), as copies. */
  list(since = 0): AuditEntry[] {
    return structuredClone(this.entries.filter((entry) => entry.seq > since));
  }
}

export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];

  append(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: this.entries.length + 1, ...entry };
    this.entries.push(full);
    return full;
  }

  list(since = 0): RequestLogEntry[] {
    return this.entries.filter((entry) => entry.seq > since).map((entry) => ({ ...entry }));
  }
}
