// "2025-12-02 08:15" or "2025-12-02T08:15:00.5" with no zone.
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
// A zone at the end of an RFC 822 date: "+0200", "-05:00", "GMT", "UT", "EST", "Z"...
const RFC822_ZONE = /([+-]\d{2}:?\d{2}|\b(GMT|UTC?|Z|[ECMP][SD]T)|\b[A-IK-Z])\s*$/i;

/**
 * A feed date (RFC 822 as in RSS, ISO 8601 as in Atom and JSON Feed) as ISO 8601 UTC, or
 * undefined when it cannot be read. A date without a zone is read as UTC, not in the
 * machine's zone, so the result is the same in Lambda and on a laptop.
 */
export function parseFeedDate(value: string | undefined): string | undefined {
  const text = value?.trim().replace(/\s+/g, ' ');
  if (!text) return undefined;
  let candidate = text;
  if (ISO_WITHOUT_ZONE.test(text))
    candidate = `${text.replace(' ', 'T')}${text.length > 10 ? 'Z' : 'T00:00:00Z'}`;
  else if (/\d{1,2}:\d{2}/.test(text) && !/T\d{2}:\d{2}/.test(text) && !RFC822_ZONE.test(text))
    candidate = `${text} GMT`;
  const time = Date.parse(candidate);
  if (Number.isNaN(time)) return undefined;
  const date = new Date(time);
  // Two-digit and absurd years ("0025", "9999") are errors, not dates.
  if (date.getUTCFullYear() < 1990 || date.getUTCFullYear() > 2200) return undefined;
  return date.toISOString();
}
