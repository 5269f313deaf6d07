// Which hosts http.request may call. Entries are exact host names (`api.example.com`), a leading
// wildcard for subdomains only (`*.example.com` allows `a.example.com`, not `example.com`), or a host
// with a port (`localhost:8080`). An entry without a port allows only the scheme's default port (443 or
// 80): `127.0.0.1` must not open every local service. Matching ignores case; an empty list allows nothing.

export interface AllowDecision {
  allowed: boolean;
  /** The entry that allowed the host, or why none did. */
  rule: string;
}

export function normaliseHost(entry: string): string {
  return entry.trim().toLowerCase().replace(/\.$/, '');
}

export function checkHost(url: URL, allowHosts: readonly string[]): AllowDecision {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port;
  const entries = allowHosts.map(normaliseHost).filter((e) => e !== '');
  if (entries.length === 0)
    return {
      allowed: false,
      rule: 'the allow-list is empty, so no host is allowed (IDFLOW_HTTP_ALLOW_HOSTS)',
    };
  for (const entry of entries) {
    const portMatch = /^(.*):(\d+)$/.exec(entry);
    const name = portMatch ? (portMatch[1] ?? '') : entry;
    const effectivePort = port || (url.protocol === 'https:' ? '443' : '80');
    if (portMatch ? portMatch[2] !== effectivePort : port !== '') continue;
    const matches = name.startsWith('*.')
      ? host.endsWith(name.slice(1)) && host.length > name.length - 1
      : host === name;
    if (matches) return { allowed: true, rule: entry };
  }
  return {
    allowed: false,
    rule: `no entry of the allow-list (IDFLOW_HTTP_ALLOW_HOSTS: ${entries.join(', ')}) matches it; entries are exact hosts, *.domain for subdomains, or host:port`,
  };
}
