// The GSM 03.38 basic character set and its extension table (extension characters cost two).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENDED = new Set('^{}\\[~]|€');

/** One segment: 160 GSM-7 septets or 70 UCS-2 code units. */
export const SINGLE_SEGMENT = { gsm7: 160, ucs2: 70 } as const;
/** Each part of a multi-part SMS loses room to the concatenation header: 153 or 67. */
export const MULTI_SEGMENT = { gsm7: 153, ucs2: 67 } as const;
/** SNS sends at most 1,600 characters as one SMS message, i.e. at most 10 GSM-7 parts. */
export const MAX_SMS_SEGMENTS = 10;

// Typographic punctuation that headlines are full of and that GSM-7 lacks: one curly
// apostrophe would turn a 160-character SMS into a 70-character one (and a bill for 3).
const TO_GSM7: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
  '−': '-',
  '…': '...',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '•': '-',
};

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
  return isGsm7(text) ? SINGLE_SEGMENT.gsm7 : SINGLE_SEGMENT.ucs2;
}

/** SMS units that fit in `segments` segments for this text's encoding. */
export function smsCapacity(text: string, segments: number): number {
  const gsm = isGsm7(text);
  if (segments <= 1) return gsm ? SINGLE_SEGMENT.gsm7 : SINGLE_SEGMENT.ucs2;
  return segments * (gsm ? MULTI_SEGMENT.gsm7 : MULTI_SEGMENT.ucs2);
}

/** The number of segments (billed parts) the text is sent as. */
export function smsSegments(text: string): number {
  const length = smsLength(text);
  const gsm = isGsm7(text);
  if (length <= (gsm ? SINGLE_SEGMENT.gsm7 : SINGLE_SEGMENT.ucs2)) return 1;
  return Math.ceil(length / (gsm ? MULTI_SEGMENT.gsm7 : MULTI_SEGMENT.ucs2));
}

/** Replaces typographic punctuation with its GSM-7 look-alike and collapses whitespace. */
export function smsFriendly(text: string): string {
  let out = '';
  for (const ch of text) out += TO_GSM7[ch] ?? ch;
  return out.replace(/\s+/g, ' ').trim();
}

/** Options of {@link fitSms}. */
export interface FitSmsOptions {
  /**
   * Segments the text may use (each one is billed).
   * @default 1
   */
  segments?: number;
}

/**
 * Builds an SMS of `lead` (cut on a word boundary with "..." if needed) followed by `tail`
 * (kept whole, e.g. the link), within the segment budget. When even the tail alone does not
 * fit, the tail is returned alone: a link that opens beats a headline that does not.
 */
export function fitSms(lead: string, tail: string, options: FitSmsOptions = {}): string {
  const segments = Math.min(Math.max(1, Math.floor(options.segments ?? 1)), MAX_SMS_SEGMENTS);
  const fits = (text: string) => smsLength(text) <= smsCapacity(text, segments);
  const join = (l: string) => [l, tail].filter(Boolean).join(' ');
  const cleanLead = smsFriendly(lead);
  const whole = join(cleanLead);
  if (fits(whole)) return whole;
  const words = cleanLead.split(' ');
  while (words.length > 1) {
    words.pop();
    // Drop trailing punctuation before the ellipsis: "talks:..." reads badly.
    // \u2013 \u2014: en and em dashes, escaped to keep the Lambda bundles ASCII.
    const candidate = join(`${words.join(' ').replace(/[\s,;:.\-\u2013\u2014]+$/u, '')}...`);
    if (fits(candidate)) return candidate;
  }
  return tail || cutToFit(cleanLead, fits);
}

// A lead of one huge "word" with no link: cut it by characters.
function cutToFit(text: string, fits: (t: string) => boolean): string {
  let chars = [...text];
  while (chars.length > 0 && !fits(`${chars.join('')}...`)) chars = chars.slice(0, -1);
  return `${chars.join('')}...`;
}
