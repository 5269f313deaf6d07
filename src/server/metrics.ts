// A handful of Prometheus metrics in the text exposition format (0.0.4). Hand-written rather than a client
// library: counters and one histogram are all the server needs, and label values come only from route
// patterns and fixed outcome names, so cardinality stays bounded.

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelText(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join('\n');
  }
}

export class Histogram {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    this.buckets.forEach((b, i) => {
      if (value <= b && s) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => {
        lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export class ServerMetrics {
  readonly requests = new Counter(
    'idflow_http_requests_total',
    'HTTP requests by route pattern, method and status.',
  );
  readonly duration = new Histogram(
    'idflow_http_request_duration_seconds',
    'HTTP request duration by route pattern.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  readonly webhookEvents = new Counter(
    'idflow_webhook_events_total',
    'Webhook deliveries by source and outcome (started, duplicate, ignored, ping, unauthorized, invalid, failed).',
  );
  readonly runsStarted = new Counter(
    'idflow_runs_started_total',
    'Runs started by playbook and trigger kind.',
  );
  readonly approvalDecisions = new Counter(
    'idflow_approval_link_decisions_total',
    'Decisions through approval links by outcome (recorded, repeated, refused, invalid, expired, closed).',
  );

  render(): string {
    return (
      [this.requests, this.duration, this.webhookEvents, this.runsStarted, this.approvalDecisions]
        .map((m) => m.render())
        .join('\n') + '\n'
    );
  }
}
