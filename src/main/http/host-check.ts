/**
 * DNS-rebinding guard: the endpoint answers only requests addressed to a loopback name
 * (localhost, 127.0.0.0/8, [::1]) or to a host the owner explicitly allowed. A web page that gets
 * a hostile domain to resolve to 127.0.0.1 still sends its own domain in Host, and is refused.
 */

/** `host[:port]` split; IPv6 literals keep their brackets. Undefined when the header is malformed. */
export function splitHostHeader(value: string): { host: string; port: string | undefined } | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]\s/]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match?.[1]) return undefined;
  return { host: match[1].toLowerCase(), port: match[2] };
}

function isIpv4Loopback(host: string): boolean {
  const parts = host.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
  );
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || isIpv4Loopback(host);
}

/** Accepts `name`, `name:port`, bare IPv6 literals and bracketed ones. */
function normaliseAllowedHost(entry: string): { host: string; port: string | undefined } | undefined {
  const trimmed = entry.trim();
  const bracketed =
    trimmed.includes(':') && !trimmed.startsWith('[') && trimmed.indexOf(':') !== trimmed.lastIndexOf(':');
  return splitHostHeader(bracketed ? `[${trimmed}]` : trimmed);
}

/** A predicate over Host header values: loopback names always pass, then `allowedHosts`. */
export function createHostCheck(
  allowedHosts: readonly string[] = [],
): (hostHeader: string | undefined) => boolean {
  const allowed = allowedHosts.map(normaliseAllowedHost).filter((entry) => entry !== undefined);
  return (hostHeader) => {
    if (hostHeader === undefined) return false;
    const parsed = splitHostHeader(hostHeader);
    if (!parsed) return false;
    if (isLoopbackHost(parsed.host)) return true;
    return allowed.some(
      (entry) => entry.host === parsed.host && (entry.port === undefined || entry.port === parsed.port),
    );
  };
}
