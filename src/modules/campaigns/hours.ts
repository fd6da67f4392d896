// Compliance: no call outside the campaign's working hours (CP-1) nor outside the contact's
// permitted local time. All wall-clock reasoning goes through Intl, so DST is the zone's own.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { invalid } from '../../shared/errors.ts';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Per weekday, [start, end) intervals as "HH:MM" local time; end may be "24:00"; [] = closed. */
export type WeeklyHours = Record<Weekday, [string, string][]>;

export const defaultWorkingHours: WeeklyHours = {
  mon: [['08:00', '20:00']],
  tue: [['08:00', '20:00']],
  wed: [['08:00', '20:00']],
  thu: [['08:00', '20:00']],
  fri: [['08:00', '20:00']],
  sat: [['09:00', '15:00']],
  sun: [],
};

/** The contact's permitted local time, every day: [start, end). */
export const defaultLocalWindow = { start: '08:00', end: '21:00' };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Date.getUTCDay() (0 = Sunday) → our weekday names. */
const byUtcDay: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// ---- wall clock -----------------------------------------------------------------------------

// Building a DateTimeFormat costs far more than using one; the set of zones is small.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  // Intl also takes fixed offsets ("+01:00"); they ignore DST, so only names are accepted.
  if (typeof tz !== 'string' || !/^[A-Za-z]/.test(tz)) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The local wall-clock time at `ms` in `timeZone`, as milliseconds of a UTC-based calendar. The
 * offset is kept per zone and minute when it is the same at both ends of the minute (a zone's
 * offset changes at most once in any minute): formatToParts was a visible cost of the dialer.
 */
function wallClock(timeZone: string, ms: number): number {
  const minute = Math.floor(ms / 60_000);
  const key = `${timeZone} ${minute}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = wallClockNow(timeZone, minute * 60_000) - minute * 60_000;
    const end = wallClockNow(timeZone, minute * 60_000 + 59_999) - (minute * 60_000 + 59_999);
    if (start !== end) return wallClockNow(timeZone, ms);
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, start);
    offset = start;
  }
  return ms + offset;
}
const offsets = new Map<string, number>();

function wallClockNow(timeZone: string, ms: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const subSecond = ((ms % 1000) + 1000) % 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + subSecond;
}

const offsetAt = (timeZone: string, ms: number) => wallClock(timeZone, ms) - ms;

function dayAndMinute(wall: number): { day: Weekday; minute: number } {
  const d = new Date(wall);
  return { day: byUtcDay[d.getUTCDay()], minute: d.getUTCHours() * 60 + d.getUTCMinutes() };
}

/** "HH:MM" → minutes of the day; "24:00" only as an end; NaN when malformed. */
function minutes(hhmm: string, isEnd: boolean): number {
  const m = /^(\d\d):(\d\d)$/.exec(hhmm);
  if (!m) return Number.NaN;
  const value = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || value > 24 * 60 || (value === 24 * 60 && !isEnd)) return Number.NaN;
  return value;
}

// ---- checks ---------------------------------------------------------------------------------

export function withinWeeklyHours(hours: WeeklyHours, timeZone: string, at: Date): boolean {
  const { day, minute } = dayAndMinute(wallClock(timeZone, at.getTime()));
  return hours[day].some(([start, end]) => minutes(start, false) <= minute && minute < minutes(end, true));
}

/**
 * Whether local time in `timeZone` is inside the daily window [start, end). A window whose
 * start is after its end runs over midnight (22:00–06:00); start = end is always closed.
 */
export function withinLocalWindow(window: { start: string; end: string }, timeZone: string, at: Date): boolean {
  const start = minutes(window.start, false);
  const end = minutes(window.end, true);
  if (Number.isNaN(start) || Number.isNaN(end)) throw invalid('window', `"${window.start}–${window.end}" is not a valid time window`);
  const { minute } = dayAndMinute(wallClock(timeZone, at.getTime()));
  return start <= end ? start <= minute && minute < end : minute >= start || minute < end;
}

/** The zones where the window is open now. Unknown zones are never open: fail closed. */
export function allowedZones(window: { start: string; end: string }, zones: string[], at: Date): string[] {
  return zones.filter((z) => isValidTimeZone(z) && withinLocalWindow(window, z, at));
}

// ---- next opening ---------------------------------------------------------------------------

/**
 * When the weekly hours next open at or after `from` (`from` itself when open now); null when
 * every day is closed. The 8 days ahead are cut where the zone's UTC offset changes; inside
 * each piece wall time is instant + offset, so the answer is plain interval arithmetic and is
 * right in DST gaps (opens at the first existing minute) and overlaps (the hour repeats).
 */
export function nextOpening(hours: WeeklyHours, timeZone: string, from: Date): Date | null {
  if (weekdays.every((d) => hours[d].length === 0)) return null;
  const end = from.getTime() + 8 * DAY;
  for (const [start, stop, offset] of constantOffsetSpans(timeZone, from.getTime(), end)) {
    const wall = nextOpenWall(hours, start + offset);
    if (wall !== null && wall - offset < stop) return new Date(wall - offset);
  }
  return null;
}

/** The first wall time ≥ `wall` inside the hours (looking at most 8 days ahead). */
function nextOpenWall(hours: WeeklyHours, wall: number): number | null {
  const today = Math.floor(wall / DAY) * DAY;
  for (let d = 0; d <= 8; d++) {
    const dayStart = today + d * DAY;
    const intervals = hours[byUtcDay[new Date(dayStart).getUTCDay()]]
      .map(([s, e]) => [dayStart + minutes(s, false) * MINUTE, dayStart + minutes(e, true) * MINUTE])
      .sort((a, b) => a[0] - b[0]);
    for (const [s, e] of intervals) if (e > wall) return Math.max(s, wall);
  }
  return null;
}

/** [start, end, offset] pieces of [from, to) over which the zone's UTC offset is constant. */
function constantOffsetSpans(timeZone: string, from: number, to: number): [number, number, number][] {
  const spans: [number, number, number][] = [];
  let start = from;
  let offset = offsetAt(timeZone, from);
  // Zones change offset at most once a day, so sampling daily and bisecting finds every change.
  for (let t = from; t < to; ) {
    const next = Math.min(t + DAY, to);
    if (offsetAt(timeZone, next) !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (offsetAt(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      spans.push([start, hi, offset]);
      start = hi;
      offset = offsetAt(timeZone, hi);
    }
    t = next;
  }
  spans.push([start, to, offset]);
  return spans;
}

// ---- validation -----------------------------------------------------------------------------

/** Checks an untrusted schedule and returns a normalised copy (intervals sorted). */
export function validateWeeklyHours(h: unknown, field = 'workingHours'): WeeklyHours {
  if (typeof h !== 'object' || h === null || Array.isArray(h)) throw invalid(field, 'Working hours must be an object with one entry per weekday');
  const extra = Object.keys(h).find((k) => !(weekdays as readonly string[]).includes(k));
  if (extra) throw invalid(`${field}.${extra}`, `"${extra}" is not a weekday; use ${weekdays.join(', ')}`);
  const out = {} as WeeklyHours;
  for (const day of weekdays) {
    const list = (h as Record<string, unknown>)[day];
    if (!Array.isArray(list)) throw invalid(`${field}.${day}`, `${day}: a list of [start, end] intervals is required (empty = closed)`);
    const intervals = list.map((iv, i) => interval(iv, `${field}.${day}[${i}]`));
    intervals.sort((a, b) => minutes(a[0], false) - minutes(b[0], false));
    for (let i = 1; i < intervals.length; i++) {
      if (minutes(intervals[i][0], false) < minutes(intervals[i - 1][1], true)) {
        throw invalid(`${field}.${day}`, `${day}: ${intervals[i - 1].join('–')} overlaps ${intervals[i].join('–')}`);
      }
    }
    out[day] = intervals;
  }
  return out;
}

function interval(iv: unknown, field: string): [string, string] {
  if (!Array.isArray(iv) || iv.length !== 2 || typeof iv[0] !== 'string' || typeof iv[1] !== 'string') {
    throw invalid(field, 'An interval is a pair of times ["HH:MM", "HH:MM"]');
  }
  const [start, end] = iv as [string, string];
  if (Number.isNaN(minutes(start, false))) throw invalid(field, `"${start}" is not a start time (HH:MM, 00:00–23:59)`);
  if (Number.isNaN(minutes(end, true))) throw invalid(field, `"${end}" is not an end time (HH:MM, up to 24:00)`);
  if (minutes(start, false) >= minutes(end, true)) throw invalid(field, `The interval ${start}–${end} must end after it starts`);
  return [start, end];
}

// ---- the contact's zone ---------------------------------------------------------------------

/**
 * Country → IANA zones. The first zone is the one used for the whole country; countries that
 * span several zones list them all (most populous first) so a strict caller can require the
 * window to be open in every one of them (`zonesForPhone` + `allowedZones`).
 */
export const countryZones: Record<string, string[]> = {
  PL: ['Europe/Warsaw'],
  CZ: ['Europe/Prague'],
  SK: ['Europe/Bratislava'],
  DE: ['Europe/Berlin'],
  AT: ['Europe/Vienna'],
  HU: ['Europe/Budapest'],
  UA: ['Europe/Kyiv'],
  LT: ['Europe/Vilnius'],
  LV: ['Europe/Riga'],
  EE: ['Europe/Tallinn'],
  BY: ['Europe/Minsk'],
  MD: ['Europe/Chisinau'],
  GB: ['Europe/London'],
  IE: ['Europe/Dublin'],
  FR: ['Europe/Paris'],
  ES: ['Europe/Madrid', 'Atlantic/Canary'],
  PT: ['Europe/Lisbon', 'Atlantic/Azores'],
  IT: ['Europe/Rome'],
  NL: ['Europe/Amsterdam'],
  BE: ['Europe/Brussels'],
  LU: ['Europe/Luxembourg'],
  CH: ['Europe/Zurich'],
  LI: ['Europe/Vaduz'],
  SE: ['Europe/Stockholm'],
  NO: ['Europe/Oslo'],
  DK: ['Europe/Copenhagen'],
  FI: ['Europe/Helsinki'],
  IS: ['Atlantic/Reykjavik'],
  RO: ['Europe/Bucharest'],
  BG: ['Europe/Sofia'],
  GR: ['Europe/Athens'],
  CY: ['Asia/Nicosia'],
  MT: ['Europe/Malta'],
  SI: ['Europe/Ljubljana'],
  HR: ['Europe/Zagreb'],
  RS: ['Europe/Belgrade'],
  BA: ['Europe/Sarajevo'],
  ME: ['Europe/Podgorica'],
  MK: ['Europe/Skopje'],
  AL: ['Europe/Tirane'],
  TR: ['Europe/Istanbul'],
  GE: ['Asia/Tbilisi'],
  IL: ['Asia/Jerusalem'],
  AE: ['Asia/Dubai'],
  IN: ['Asia/Kolkata'],
  CN: ['Asia/Shanghai'],
  JP: ['Asia/Tokyo'],
  KR: ['Asia/Seoul'],
  SG: ['Asia/Singapore'],
  ZA: ['Africa/Johannesburg'],
  EG: ['Africa/Cairo'],
  NZ: ['Pacific/Auckland'],
  AR: ['America/Argentina/Buenos_Aires'],
  CL: ['America/Santiago'],
  CO: ['America/Bogota'],
  PE: ['America/Lima'],
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'],
  CA: ['America/Toronto', 'America/Vancouver', 'America/Edmonton', 'America/Winnipeg', 'America/Regina', 'America/Halifax', 'America/St_Johns'],
  MX: ['America/Mexico_City', 'America/Cancun', 'America/Chihuahua', 'America/Hermosillo', 'America/Tijuana'],
  BR: ['America/Sao_Paulo', 'America/Manaus', 'America/Cuiaba', 'America/Rio_Branco', 'America/Noronha'],
  RU: [
    'Europe/Moscow',
    'Europe/Kaliningrad',
    'Europe/Samara',
    'Asia/Yekaterinburg',
    'Asia/Omsk',
    'Asia/Novosibirsk',
    'Asia/Krasnoyarsk',
    'Asia/Irkutsk',
    'Asia/Yakutsk',
    'Asia/Vladivostok',
    'Asia/Magadan',
    'Asia/Kamchatka',
  ],
  KZ: ['Asia/Almaty', 'Asia/Aqtobe'],
  AU: ['Australia/Sydney', 'Australia/Brisbane', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Perth'],
  ID: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'],
};

/**
 * The country of a phone number: the number's own country when it says one (E.164), else
 * `region` (an ISO 3166 country code, e.g. the contact's or the campaign's country), which is
 * also the default for numbers written without a calling code.
 */
function phoneCountry(e164: string | null, region: string | null | undefined): string | null {
  const hint = region?.trim().toUpperCase() || undefined;
  if (e164) {
    const parsed = parsePhoneNumberFromString(e164, hint as CountryCode | undefined);
    if (parsed?.country) return parsed.country;
  }
  return hint ?? null;
}

/**
 * The contact's time zone. Countries spanning several zones get their first (most populous)
 * zone, e.g. America/New_York for the US: use `zonesForPhone` to check them all. Countries
 * missing from the table, numbers without a country (+800…) and no number at all give
 * `fallback` (normally the campaign's zone).
 */
export function timeZoneForPhone(e164: string | null, region: string | null | undefined, fallback: string): string {
  return zonesForPhone(e164, region, fallback)[0];
}

/** Every zone the contact may be in; [fallback] when the country is unknown. */
export function zonesForPhone(e164: string | null, region: string | null | undefined, fallback: string): string[] {
  const country = phoneCountry(e164, region);
  return country && Object.hasOwn(countryZones, country) ? countryZones[country] : [fallback];
}
