// The GSM 03.38 basic character set and its extension table (extension characters cost two).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENDED = new Set('^{}\\[~]|€');

/** True when every character fits the GSM-7 alphabet (else the SMS is sent as UCS-2). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!GSM7_BASIC.has(ch) && !GSM7_EXTENDED.has(ch)) return false;
  return true;
}

/** Length in SMS units: GSM-7 septets (extension characters count two) or UCS-2 code units. */
export function smsLength(text: string): number {
  if (!isGsm7(text)) return text.length;
  let n = 0;
  for (const ch of text) n += GSM7_EXTENDED.has(ch) ? 2 : 1;
  return n;
}

/** Characters that fit in one segment: 160 GSM-7, or 70 once any character needs UCS-2. */
export function singleSegmentLimit(text: string): number {
  return isGsm7(text) ? 160 : 70;
}

/**
 * Builds an SMS of `lead` (cut on a word boundary if needed) followed by `tail` (kept whole,
 * e.g. the link), within one segment.
 */
export function fitSms(lead: string, tail: string): string {
  const join = (l: string) => (tail ? `${l} ${tail}` : l);
  const whole = join(lead);
  if (smsLength(whole) <= singleSegmentLimit(whole)) return whole;
  const words = lead.split(/\s+/);
  while (words.length > 0) {
    words.pop();
    const candidate = join(`${words.join(' ')}...`);
    if (smsLength(candidate) <= singleSegmentLimit(candidate)) return candidate;
  }
  return tail;
}
