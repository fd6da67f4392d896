// Working hours and the contact's local window: DST, zones, interval edges, validation, the
// next opening, and agreement with brute-force references.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../shared/errors.ts';
import {
  allowedZones,
  countryZones,
  defaultLocalWindow,
  defaultWorkingHours,
  isValidTimeZone,
  nextOpening,
  timeZoneForPhone,
  validateWeeklyHours,
  type WeeklyHours,
  weekdays,
  withinLocalWindow,
  withinWeeklyHours,
  zonesForPhone,
} from './hours.ts';

const at = (iso: string) => new Date(iso);
const closed: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const everyDay = (intervals: [string, string][]): WeeklyHours => ({ ...closed, ...Object.fromEntries(weekdays.map((d) => [d, intervals])) });

test('default hours: Monday 08:00–20:00 Warsaw in winter (UTC+1)', () => {
  // 2026-01-05 is a Monday
  assert.equal(withinWeeklyHours(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-05T06:59:59Z')), false);
  assert.equal(withinWeeklyHours(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-05T07:00:00Z')), true);
  assert.equal(withinWeeklyHours(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-05T18:59:59Z')), true);
  assert.equal(withinWeeklyHours(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-05T19:00:00Z')), false, 'the end is exclusive');
});

test('default hours: Saturday 09:00–15:00, Sunday closed', () => {
  assert.equal(withinWeeklyHours(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-10T08:00:00Z')), true);
  assert.equal(withinWeeklyHours(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-10T14:00:00Z')), false);
  assert.equal(withinWeeklyHours(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-11T10:00:00Z')), false);
});

test('DST spring forward in Warsaw (2026-03-29): 08:00 is 06:00Z from that day on', () => {
  const h = everyDay([['08:00', '20:00']]);
  assert.equal(withinWeeklyHours(h, 'Europe/Warsaw', at('2026-03-28T06:30:00Z')), false, 'Saturday 07:30 CET');
  assert.equal(withinWeeklyHours(h, 'Europe/Warsaw', at('2026-03-29T06:30:00Z')), true, 'Sunday 08:30 CEST');
  assert.equal(withinWeeklyHours(h, 'Europe/Warsaw', at('2026-03-29T18:00:00Z')), false, 'Sunday 20:00 CEST');
  // the missing hour: 02:00–03:00 local never happens
  const night = everyDay([['02:00', '03:00']]);
  assert.equal(withinWeeklyHours(night, 'Europe/Warsaw', at('2026-03-29T00:59:59Z')), false);
  assert.equal(withinWeeklyHours(night, 'Europe/Warsaw', at('2026-03-29T01:00:00Z')), false, 'jumps from 01:59:59 to 03:00');
});

test('DST fall back in Warsaw (2026-10-25): the repeated hour is open twice', () => {
  const h = everyDay([['08:00', '20:00']]);
  assert.equal(withinWeeklyHours(h, 'Europe/Warsaw', at('2026-10-24T06:30:00Z')), true, 'Saturday 08:30 CEST');
  assert.equal(withinWeeklyHours(h, 'Europe/Warsaw', at('2026-10-25T06:30:00Z')), false, 'Sunday 07:30 CET');
  assert.equal(withinWeeklyHours(h, 'Europe/Warsaw', at('2026-10-25T07:00:00Z')), true, 'Sunday 08:00 CET');
  const night = everyDay([['02:00', '03:00']]);
  assert.equal(withinWeeklyHours(night, 'Europe/Warsaw', at('2026-10-25T00:30:00Z')), true, '02:30 CEST');
  assert.equal(withinWeeklyHours(night, 'Europe/Warsaw', at('2026-10-25T01:30:00Z')), true, '02:30 CET');
  assert.equal(withinWeeklyHours(night, 'Europe/Warsaw', at('2026-10-25T02:00:00Z')), false, '03:00 CET');
});

test("'24:00' closes at midnight and intervals may meet across it", () => {
  const h: WeeklyHours = { ...closed, mon: [['20:00', '24:00']], tue: [['00:00', '06:00']] };
  assert.equal(withinWeeklyHours(h, 'UTC', at('2026-01-05T23:59:59Z')), true);
  assert.equal(withinWeeklyHours(h, 'UTC', at('2026-01-06T00:00:00Z')), true);
  assert.equal(withinWeeklyHours(h, 'UTC', at('2026-01-06T06:00:00Z')), false);
});

test('a contact in another zone than the campaign: both must allow the call', () => {
  // Monday 07:30Z: 08:30 in Warsaw (campaign open) but 07:30 in London (contact's window shut)
  const now = at('2026-01-05T07:30:00Z');
  assert.equal(withinWeeklyHours(defaultWorkingHours, 'Europe/Warsaw', now), true);
  const contactZone = timeZoneForPhone('+442079460000', null, 'Europe/Warsaw');
  assert.equal(contactZone, 'Europe/London');
  assert.equal(withinLocalWindow(defaultLocalWindow, contactZone, now), false);
  assert.equal(withinLocalWindow(defaultLocalWindow, contactZone, at('2026-01-05T08:00:00Z')), true);
  // 20:30Z: 21:30 in Warsaw (window shut) but 15:30 in New York
  const evening = at('2026-01-05T20:30:00Z');
  assert.deepEqual(allowedZones(defaultLocalWindow, ['Europe/Warsaw', 'America/New_York', 'Nowhere/City'], evening), ['America/New_York']);
});

test('local window edges and a window over midnight', () => {
  assert.equal(withinLocalWindow(defaultLocalWindow, 'UTC', at('2026-01-05T07:59:59Z')), false);
  assert.equal(withinLocalWindow(defaultLocalWindow, 'UTC', at('2026-01-05T08:00:00Z')), true);
  assert.equal(withinLocalWindow(defaultLocalWindow, 'UTC', at('2026-01-05T20:59:59Z')), true);
  assert.equal(withinLocalWindow(defaultLocalWindow, 'UTC', at('2026-01-05T21:00:00Z')), false);
  const night = { start: '22:00', end: '06:00' };
  assert.equal(withinLocalWindow(night, 'UTC', at('2026-01-05T23:00:00Z')), true);
  assert.equal(withinLocalWindow(night, 'UTC', at('2026-01-05T05:59:00Z')), true);
  assert.equal(withinLocalWindow(night, 'UTC', at('2026-01-05T12:00:00Z')), false);
  assert.throws(() => withinLocalWindow({ start: '8:00', end: '21:00' }, 'UTC', at('2026-01-05T12:00:00Z')), AppError);
});

test('nextOpening across a weekend and in the middle of an interval', () => {
  // Saturday 2026-01-10 16:00 Warsaw: Saturday closed at 15:00, Sunday closed → Monday 08:00 CET
  assert.equal(nextOpening(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-10T15:00:00Z'))?.toISOString(), '2026-01-12T07:00:00.000Z');
  const open = at('2026-01-12T09:15:30Z');
  assert.equal(nextOpening(defaultWorkingHours, 'Europe/Warsaw', open)?.getTime(), open.getTime());
  // Friday 20:00 → Saturday 09:00
  assert.equal(nextOpening(defaultWorkingHours, 'Europe/Warsaw', at('2026-01-09T19:00:00Z'))?.toISOString(), '2026-01-10T08:00:00.000Z');
  assert.equal(nextOpening(closed, 'Europe/Warsaw', open), null);
});

test('nextOpening across DST: the weekend of the spring switch, the gap, the repeated hour', () => {
  // Saturday 2026-03-28 16:00 CET → Monday 08:00 CEST
  assert.equal(nextOpening(defaultWorkingHours, 'Europe/Warsaw', at('2026-03-28T15:00:00Z'))?.toISOString(), '2026-03-30T06:00:00.000Z');
  // an interval starting in the missing hour opens at the first minute that exists: 03:00 CEST
  const gap: WeeklyHours = { ...closed, sun: [['02:30', '05:00']] };
  assert.equal(nextOpening(gap, 'Europe/Warsaw', at('2026-03-28T12:00:00Z'))?.toISOString(), '2026-03-29T01:00:00.000Z');
  // 02:40 CEST on 2026-10-25, hours 02:30–02:35: the clock repeats 02:00–03:00, so 02:30 CET
  const repeat: WeeklyHours = { ...closed, sun: [['02:30', '02:35']] };
  assert.equal(nextOpening(repeat, 'Europe/Warsaw', at('2026-10-25T00:40:00Z'))?.toISOString(), '2026-10-25T01:30:00.000Z');
});

test('validateWeeklyHours accepts and sorts good hours', () => {
  const h = validateWeeklyHours({
    ...closed,
    mon: [
      ['13:00', '24:00'],
      ['08:00', '12:00'],
    ],
    tue: [
      ['08:00', '12:00'],
      ['12:00', '16:00'],
    ],
  });
  assert.deepEqual(h.mon, [
    ['08:00', '12:00'],
    ['13:00', '24:00'],
  ]);
  assert.deepEqual(validateWeeklyHours(defaultWorkingHours), defaultWorkingHours);
});

const bad: { name: string; input: unknown; field: string; message: RegExp }[] = [
  { name: 'not an object', input: [], field: 'workingHours', message: /object/ },
  { name: 'null', input: null, field: 'workingHours', message: /object/ },
  { name: 'an unknown day', input: { ...closed, Mon: [] }, field: 'workingHours.Mon', message: /not a weekday/ },
  { name: 'a missing day', input: { ...closed, sun: undefined }, field: 'workingHours.sun', message: /required/ },
  { name: 'an interval that is not a pair', input: { ...closed, mon: [['08:00']] }, field: 'workingHours.mon[0]', message: /pair/ },
  { name: 'a malformed time', input: { ...closed, mon: [['8:00', '12:00']] }, field: 'workingHours.mon[0]', message: /"8:00"/ },
  { name: 'minutes out of range', input: { ...closed, mon: [['08:60', '12:00']] }, field: 'workingHours.mon[0]', message: /"08:60"/ },
  { name: '24:00 as a start', input: { ...closed, mon: [['24:00', '24:00']] }, field: 'workingHours.mon[0]', message: /start time/ },
  { name: 'past midnight', input: { ...closed, mon: [['08:00', '24:01']] }, field: 'workingHours.mon[0]', message: /end time/ },
  { name: 'start = end', input: { ...closed, tue: [['08:00', '08:00']] }, field: 'workingHours.tue[0]', message: /end after/ },
  { name: 'start > end', input: { ...closed, tue: [['20:00', '08:00']] }, field: 'workingHours.tue[0]', message: /end after/ },
  {
    name: 'overlap',
    input: {
      ...closed,
      wed: [
        ['12:00', '16:00'],
        ['08:00', '12:01'],
      ],
    },
    field: 'workingHours.wed',
    message: /overlaps/,
  },
];

for (const b of bad) {
  test(`validateWeeklyHours refuses ${b.name}`, () => {
    assert.throws(
      () => validateWeeklyHours(b.input),
      (e: unknown) => e instanceof AppError && e.code === 'validation_failed' && e.field === b.field && b.message.test(e.message),
    );
  });
}

test('time zones', () => {
  assert.equal(isValidTimeZone('Europe/Warsaw'), true);
  assert.equal(isValidTimeZone('UTC'), true);
  assert.equal(isValidTimeZone('Europe/Nowhere'), false);
  assert.equal(isValidTimeZone(''), false);
  assert.equal(isValidTimeZone('+01:00'), false, 'a fixed offset ignores DST');
  for (const zone of Object.values(countryZones).flat()) assert.ok(isValidTimeZone(zone), zone);
});

test('the contact zone comes from the phone country', () => {
  assert.equal(timeZoneForPhone('+48221234567', null, 'UTC'), 'Europe/Warsaw', 'Polish landline');
  assert.equal(timeZoneForPhone('+48601234567', null, 'UTC'), 'Europe/Warsaw', 'Polish mobile');
  assert.equal(timeZoneForPhone('+420212345678', null, 'UTC'), 'Europe/Prague');
  assert.equal(timeZoneForPhone('+421212345678', null, 'UTC'), 'Europe/Bratislava');
  assert.equal(timeZoneForPhone('+12125550123', null, 'UTC'), 'America/New_York', 'US → its default zone');
  assert.equal(timeZoneForPhone('+14165550123', null, 'UTC'), 'America/Toronto', '+1 416 is Canada');
  assert.equal(timeZoneForPhone('601234567', 'pl', 'UTC'), 'Europe/Warsaw', 'national number read with the region');
  assert.equal(timeZoneForPhone(null, 'CZ', 'UTC'), 'Europe/Prague', 'no phone: the region');
  assert.equal(timeZoneForPhone('+12125550123', 'PL', 'UTC'), 'America/New_York', 'the number wins over the region');
  assert.equal(timeZoneForPhone('+80012345678', null, 'Europe/Warsaw'), 'Europe/Warsaw', 'no country');
  assert.equal(timeZoneForPhone('+23057123456', null, 'Europe/Warsaw'), 'Europe/Warsaw', 'Mauritius is not in the table');
  assert.equal(timeZoneForPhone(null, null, 'Europe/Berlin'), 'Europe/Berlin');
  assert.equal(timeZoneForPhone('garbage', 'XX', 'Europe/Berlin'), 'Europe/Berlin');
  assert.equal(zonesForPhone('+12125550123', null, 'UTC').length, 7);
  assert.deepEqual(zonesForPhone('+48601234567', null, 'UTC'), ['Europe/Warsaw']);
});

// ---- properties ---------------------------------------------------------------------------

const zones = ['Europe/Warsaw', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'UTC'];
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Valid weekly hours on a grid of `step` minutes: sorted, non-overlapping. */
const arbHours = (step: number) =>
  fc.tuple(...weekdays.map(() => fc.uniqueArray(fc.integer({ min: 0, max: (24 * 60) / step }), { maxLength: 6 }))).map((days) => {
    const h = { ...closed };
    weekdays.forEach((d, i) => {
      const cuts = days[i].toSorted((a, b) => a - b).map((c) => c * step);
      const intervals: [string, string][] = [];
      for (let k = 0; k + 1 < cuts.length; k += 2) intervals.push([hhmm(cuts[k]), hhmm(cuts[k + 1])]);
      h[d] = intervals;
    });
    return h;
  });

// Half the instants fall in the 8 days around a DST switch of one of the zones above.
const switches = ['2026-03-08T07:00Z', '2026-03-29T01:00Z', '2026-04-04T15:00Z', '2026-10-03T15:30Z', '2026-10-25T01:00Z', '2026-11-01T06:00Z'].map(Date.parse);
const arbInstant = fc
  .oneof(
    fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }),
    fc.tuple(fc.constantFrom(...switches), fc.integer({ min: -8 * 86_400_000, max: 86_400_000 })).map(([s, d]) => s + d),
  )
  .map((ms) => new Date(ms));

/** Brute force: every open minute of the week in a set, local time read from toLocaleString. */
function referenceWithin(hours: WeeklyHours, timeZone: string, when: Date): boolean {
  const open = new Set<string>();
  for (const d of weekdays) {
    for (const [s, e] of hours[d]) {
      const [sh, sm] = s.split(':').map(Number);
      const [eh, em] = e.split(':').map(Number);
      for (let m = sh * 60 + sm; m < eh * 60 + em; m++) open.add(`${d} ${m}`);
    }
  }
  const day = when.toLocaleString('en-GB', { timeZone, weekday: 'short' }).toLowerCase().slice(0, 3);
  const [h, m] = when.toLocaleString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).split(':').map(Number);
  return open.has(`${day} ${h * 60 + m}`);
}

test('property: withinWeeklyHours agrees with a brute-force reference', () => {
  fc.assert(
    fc.property(arbHours(1), fc.constantFrom(...zones), arbInstant, (hours, zone, when) => {
      assert.equal(withinWeeklyHours(hours, zone, when), referenceWithin(hours, zone, when));
    }),
    { numRuns: 300 },
  );
});

test('property: validateWeeklyHours accepts every valid schedule unchanged', () => {
  fc.assert(
    fc.property(arbHours(1), (hours) => {
      assert.deepEqual(validateWeeklyHours(hours), hours);
    }),
  );
});

test('property: nextOpening is open, not before `from`, and nothing opens earlier', () => {
  // Hours on a 15-minute grid and zones whose offsets are multiples of 15 minutes: whatever
  // opens earlier than the answer is open at some 15-minute mark before it.
  const quarterZones = zones.filter((z) => z !== 'Asia/Kathmandu' && z !== 'Pacific/Chatham');
  const Q = 15 * 60_000;
  fc.assert(
    fc.property(arbHours(15), fc.constantFrom(...quarterZones), arbInstant, (hours, zone, from) => {
      const next = nextOpening(hours, zone, from);
      if (weekdays.every((d) => hours[d].length === 0)) return assert.equal(next, null);
      assert.ok(next, 'some day is open');
      assert.ok(next.getTime() >= from.getTime());
      assert.ok(withinWeeklyHours(hours, zone, next), `open at ${next.toISOString()}`);
      if (next.getTime() === from.getTime()) return;
      assert.ok(!withinWeeklyHours(hours, zone, from));
      for (let t = Math.ceil(from.getTime() / Q) * Q; t < next.getTime(); t += Q)
        assert.ok(!withinWeeklyHours(hours, zone, new Date(t)), new Date(t).toISOString());
    }),
    { numRuns: 200 },
  );
});
