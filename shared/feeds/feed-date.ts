// Dates are read by our own grammar, not Date.parse: V8's fallback parser turns garbage
// ("Sun, 16 Dec 2012 1:2:3:4 GMT") into invented instants, and a wrong publication time
// reorders alerts and breaks clustering windows. A date is read right or not at all.

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

// Zone abbreviations feeds write, in minutes east of UTC. Ambiguous ones (IST: Ireland,
// India or Israel) are left out: such a date is not read rather than read wrong.
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  MEZ: 60,
  MESZ: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  MSD: 240,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  SAST: 120,
};
// Generic US zones (no S or D): the standard offset, with US daylight-saving time applied
// by the rules in force on that date.
const US_GENERIC: Record<string, number> = { ET: -300, CT: -360, MT: -420, PT: -480, AKT: -540 };

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}(?:[.,]\d+)?))?(?:\s?([AaPp])\.?[Mm]\.?)?`;
const ZONE = String.raw`([+-]\d{2}:?\d{2}|[+-]\d{4}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?|Etc/GMT[+-]\d{1,2}|[A-Za-z]{1,5})`;
// 2025-12-02, 2025-12-02T08:15, 2025-12-02 08:15:00.5+01:00, 2025/12/02 08:15Z
const ISO = new RegExp(
  String.raw`^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ]${TIME}\s?(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?$`,
  'i',
);
// RFC 822 and what feeds make of it: "02 Dec 2025 08:15:00 +0200", "2-Dec-25 8:15 EST",
// "December 2 2025 08:15 GMT" (the weekday is dropped first).
const DAY_FIRST = new RegExp(
  String.raw`^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})(?:[\s,T]+${TIME})?(?:\s*${ZONE})?$`,
);
const MONTH_FIRST = new RegExp(
  String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\s,T]+${TIME})?(?:\s*${ZONE})?$`,
);
// A weekday, in English or not ("mer, 16 nov 2022"): it adds nothing the date does not say.
const WEEKDAY = /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?|[^\s\d,]{2,12}\.?,)\s*/i;

/**
 * A feed date (RFC 822 as in RSS, ISO 8601 / RFC 3339 as in Atom and JSON Feed, and the
 * variants publishers write) as ISO 8601 UTC, or undefined when it cannot be read for sure:
 * impossible fields (Feb 30, 25:61), unknown or ambiguous zones and trailing garbage give
 * undefined, never a guess. A date without a zone is read as UTC, not in the machine's zone,
 * so the result is the same in Lambda and on a laptop.
 */
export function parseFeedDate(value: string | undefined): string | undefined {
  const text = value
    ?.trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*\([^()]*\)$/, '');
  if (!text || text.length > 80) return undefined;
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, half, zone] = iso;
    return instant(+y!, +mo!, +d!, hour24(h, half), mi, s, zone ?? 'Z');
  }
  const rest = text.replace(WEEKDAY, '');
  const dayFirst = DAY_FIRST.exec(rest);
  if (dayFirst) {
    const [, d, mon, y, h, mi, s, half, zone] = dayFirst;
    return instant(year(y!), month(mon!), +d!, hour24(h, half), mi, s, zone ?? 'Z');
  }
  const monthFirst = MONTH_FIRST.exec(rest);
  if (monthFirst) {
    const [, mon, d, y, h, mi, s, half, zone] = monthFirst;
    return instant(+y!, month(mon!), +d!, hour24(h, half), mi, s, zone ?? 'Z');
  }
  return undefined;
}

/** "02:02 PM" is 14:02; an hour above 12 with AM or PM is no time. */
function hour24(hour: string | undefined, half: string | undefined): string | undefined {
  if (hour === undefined || half === undefined) return hour;
  const h = +hour;
  if (h < 1 || h > 12) return '99';
  return String((h % 12) + (/p/i.test(half) ? 12 : 0));
}

function year(text: string): number {
  const y = +text;
  // RFC 2822: two-digit years below 50 are 20xx.
  return text.length === 2 ? (y < 50 ? 2000 + y : 1900 + y) : y;
}

function month(name: string): number {
  const lower = name.toLowerCase();
  const full = FULL_MONTHS.indexOf(lower);
  return full >= 0 ? full + 1 : (MONTHS[lower] ?? 0);
}

function instant(
  y: number,
  mo: number,
  d: number,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  zone: string,
): string | undefined {
  const hour = h === undefined ? 0 : +h;
  const minute = mi === undefined ? 0 : +mi;
  const seconds = s === undefined ? 0 : Number(s.replace(',', '.'));
  if (mo < 1 || mo > 12 || d < 1 || hour > 23 || minute > 59 || seconds >= 61) return undefined;
  // A leap second is read as the last millisecond before it.
  const ms = Math.min(Math.round(seconds * 1000), 59_999);
  const local = Date.UTC(y, mo - 1, d, hour, minute, 0, ms);
  // Date.UTC rolls Feb 30 over into March: a date that does not round-trip does not exist.
  if (new Date(local).getUTCDate() !== d) return undefined;
  const offset = zoneOffset(zone, y, mo, d, hour);
  if (offset === undefined) return undefined;
  const date = new Date(local - offset * 60_000);
  // Two-digit and absurd years ("0025", "9999") are errors, not dates.
  if (date.getUTCFullYear() < 1990 || date.getUTCFullYear() > 2200) return undefined;
  return date.toISOString();
}

/** Minutes east of UTC for a zone as written, or undefined when it is not known for sure. */
function zoneOffset(zone: string, y: number, mo: number, d: number, hour: number): number | undefined {
  const numeric = /^(?:(?:GMT|UTC)(?=[+-]))?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (numeric) {
    const [, sign, hh, mm] = numeric;
    const minutes = +hh! * 60 + +(mm ?? 0);
    if (+hh! > 14 || +(mm ?? 0) > 59) return undefined;
    return sign === '-' ? -minutes : minutes;
  }
  // POSIX signs: Etc/GMT-3 is three hours east of Greenwich.
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/i.exec(zone);
  if (etc) return +etc[2]! > 14 ? undefined : (etc[1] === '-' ? 1 : -1) * +etc[2]! * 60;
  const upper = zone.toUpperCase();
  if (upper in ZONES) return ZONES[upper];
  if (upper in US_GENERIC) return US_GENERIC[upper]! + (usDaylightTime(y, mo, d, hour) ? 60 : 0);
  // RFC 822's military letters: their signs were printed backwards, so RFC 2822 reads them as UTC.
  if (/^[A-IK-Y]$/.test(upper)) return 0;
  return undefined;
}

/** True when US daylight-saving time is in force at this local wall-clock time. */
function usDaylightTime(y: number, mo: number, d: number, hour: number): boolean {
  // Since 2007: second Sunday of March to first Sunday of November, at 2:00; before, first
  // Sunday of April to last Sunday of October.
  const [startMonth, startDay] = y >= 2007 ? [3, nthSunday(y, 3, 2)] : [4, nthSunday(y, 4, 1)];
  const [endMonth, endDay] = y >= 2007 ? [11, nthSunday(y, 11, 1)] : [10, lastSunday(y, 10)];
  const at = mo * 10_000 + d * 100 + hour;
  return at >= startMonth * 10_000 + startDay * 100 + 2 && at < endMonth * 10_000 + endDay * 100 + 2;
}

function nthSunday(y: number, mo: number, n: number): number {
  const first = new Date(Date.UTC(y, mo - 1, 1)).getUTCDay();
  return 1 + ((7 - first) % 7) + (n - 1) * 7;
}

function lastSunday(y: number, mo: number): number {
  const last = new Date(Date.UTC(y, mo, 0));
  return last.getUTCDate() - last.getUTCDay();
}
