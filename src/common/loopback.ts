// Plain-text protocols (http to an identity provider, SMTP AUTH without TLS) are allowed only when the
// other end is this machine: the local IdP and mailbox of `idflow dev` and the tests. One definition of
// "this machine" for every such rule.

/** True for localhost, 127.0.0.0/8 and ::1 (with or without brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
