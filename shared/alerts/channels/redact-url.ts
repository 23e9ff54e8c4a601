/**
 * A destination URL as it may be shown or logged: scheme and host only. Slack and Teams
 * webhook URLs carry their credential in the path (`/services/T.../B.../secret`) or the query
 * (`sig=...`), and a generic webhook may too, so neither is ever printed.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username ? '/***' : '';
    return `${parsed.protocol}//${parsed.host}${rest}`;
  } catch {
    return '(invalid URL)';
  }
}

/** `text` with every occurrence of the destination's URL (and of its path and query) redacted. */
export function scrubUrl(text: string, url: string): string {
  let out = text;
  try {
    const parsed = new URL(url);
    const secretParts = [url, parsed.href, `${parsed.pathname}${parsed.search}`, parsed.search.slice(1)];
    for (const part of secretParts)
      if (part.length > 1 && part !== '/') out = out.split(part).join(redactUrl(url));
  } catch {
    if (url) out = out.split(url).join('(invalid URL)');
  }
  return out;
}
