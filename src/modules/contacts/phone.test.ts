// The phone fast path must give exactly libphonenumber's answer: same validity, same E.164,
// same message for invalid numbers. Compared here on many generated spellings, valid and not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { fastE164, normalizePhone, type PhoneResult } from './phone.ts';

/** normalizePhone as it was before the fast path: libphonenumber on every number. */
function reference(raw: string, defaultCountry: string): PhoneResult {
  const text = raw.trim();
  if (!/^[+\d\s\-()./]+$/.test(text)) return { ok: false, reason: `"${text}" is not a phone number (unexpected characters)` };
  const parsed = parsePhoneNumberFromString(text.replace(/^00/, '+'), defaultCountry as CountryCode);
  if (!parsed) return { ok: false, reason: `"${text}" is not a phone number` };
  if (!parsed.isValid()) return { ok: false, reason: `"${text}" is not a valid number${parsed.country ? ` in ${parsed.country}` : ''}` };
  return { ok: true, e164: parsed.number };
}

const countries = ['PL', 'CZ', 'SK', 'DE', 'US', 'GB'];
const callingCodes = ['48', '420', '421', '49', '1', '44', '4', '480'];
// leading digits that hit real ranges (mobile, landline, toll-free, premium…) and unused ones
const leads = [
  '45',
  '50',
  '51',
  '53',
  '57',
  '60',
  '64',
  '66',
  '69',
  '70',
  '72',
  '73',
  '78',
  '79',
  '80',
  '88',
  '12',
  '22',
  '19',
  '30',
  '39',
  '47',
  '48',
  '10',
  '00',
  '01',
  '2',
  '6',
  '7',
  '9',
  '601',
  '800',
  '801',
  '804',
  '',
];

const digitsArb = fc.tuple(fc.constantFrom(...leads), fc.stringMatching(/^\d{0,12}$/)).map(([lead, rest]) => lead + rest);
const prefixArb = fc.oneof(
  fc.constant(''),
  fc
    .constantFrom(...callingCodes)
    .chain((cc) =>
      fc.constantFrom(`+${cc}`, `+${cc} `, `+${cc}-`, `00${cc} `, `00${cc}`, `(+${cc}) `, `(+${cc})`, `${cc} `, `+ ${cc} `, `(00${cc}) `, `+(${cc}) `),
    ),
);
const spellingArb = fc
  .tuple(
    prefixArb,
    digitsArb,
    fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 6 }),
    fc.constantFrom(' ', '-', '  ', '.', '/', ' - ', ''),
    fc.boolean(),
    fc.constantFrom('', ' ', '\t'),
  )
  .map(([prefix, digits, cuts, sep, area, pad]) => {
    const groups: string[] = [];
    let at = 0;
    for (const c of cuts) {
      if (at >= digits.length) break;
      groups.push(digits.slice(at, at + c));
      at += c;
    }
    if (at < digits.length) groups.push(digits.slice(at));
    if (area && groups.length > 1) groups[0] = `(${groups[0]})`;
    return `${pad}${prefix}${groups.join(sep)}${pad}`;
  });

test('the fast path agrees with libphonenumber on generated spellings', () => {
  fc.assert(
    fc.property(spellingArb, fc.constantFrom(...countries), (raw, country) => {
      assert.deepEqual(normalizePhone(raw, country), reference(raw, country), `${JSON.stringify(raw)} in ${country}`);
    }),
    { numRuns: 40_000, seed: 4242 },
  );
});

test('the fast path agrees with libphonenumber on arbitrary strings of phone characters', () => {
  const noise = fc.stringMatching(/^[+\d \-()./]{0,24}$/);
  const mostlyDigits = fc
    .tuple(fc.stringMatching(/^[+( ]{0,3}$/), fc.stringMatching(/^\d{0,4}$/), fc.stringMatching(/^[ )-]{0,2}$/), fc.stringMatching(/^\d{3,11}$/))
    .map((p) => p.join(''));
  fc.assert(
    fc.property(fc.oneof(noise, mostlyDigits), fc.constantFrom(...countries), (raw, country) => {
      assert.deepEqual(normalizePhone(raw, country), reference(raw, country), `${JSON.stringify(raw)} in ${country}`);
    }),
    { numRuns: 40_000, seed: 2424 },
  );
});

test('every Polish 9-digit range, in every common spelling, agrees with libphonenumber', () => {
  let fast = 0;
  let total = 0;
  for (let lead = 0; lead < 1000; lead++) {
    const nn = `${String(lead).padStart(3, '0')}${String((lead * 7919) % 1_000_000).padStart(6, '0')}`;
    for (const raw of [
      nn,
      `${nn.slice(0, 3)} ${nn.slice(3, 6)} ${nn.slice(6)}`,
      `${nn.slice(0, 3)}-${nn.slice(3, 6)}-${nn.slice(6)}`,
      `+48 ${nn.slice(0, 3)} ${nn.slice(3, 6)} ${nn.slice(6)}`,
      `+48${nn}`,
      `0048 ${nn}`,
      `(+48) ${nn}`,
      `(${nn.slice(0, 2)}) ${nn.slice(2, 5)} ${nn.slice(5, 7)} ${nn.slice(7)}`,
      `+48 ${nn.slice(0, 2)} ${nn.slice(2, 5)} ${nn.slice(5, 7)} ${nn.slice(7)}`,
      `48 ${nn}`,
      `${nn.slice(0, 8)}`,
      `${nn}1`,
      `0${nn}`,
    ]) {
      const expected = reference(raw, 'PL');
      assert.deepEqual(normalizePhone(raw, 'PL'), expected, raw);
      total++;
      if (fastE164(raw.trim().replace(/^00/, '+'), 'PL')) {
        fast++;
        assert.equal(expected.ok, true, `fast path accepted ${raw}`);
      }
    }
  }
  // the fast path must carry the common formats, or it buys nothing
  assert.ok(fast > total / 4, `only ${fast} of ${total} went the fast path`);
});

test('the fast path covers the usual Polish spellings and leaves the rest to libphonenumber', () => {
  for (const raw of ['+48 600 100 200', '600-100-200', '(22) 123 45 67', '0048 600100200', '600100200', '+48600100200', '(+48) 601 200 300']) {
    assert.ok(fastE164(raw.replace(/^00/, '+'), 'PL'), raw);
  }
  // the country code without "+", dots, a national prefix country, a shared calling code: not fast
  for (const [raw, country] of [
    ['48 600 100 200', 'PL'],
    ['600.100.200', 'PL'],
    ['030 1234567', 'DE'],
    ['+1 212 555 0123', 'US'],
  ]) {
    assert.equal(fastE164(raw, country), undefined, raw);
    assert.deepEqual(normalizePhone(raw, country), reference(raw, country));
  }
  assert.deepEqual(normalizePhone('48 600 100 200', 'PL'), { ok: true, e164: '+48600100200' });
  assert.deepEqual(normalizePhone('100 200 300', 'PL'), reference('100 200 300', 'PL'));
  assert.equal(normalizePhone('100 200 300', 'PL').ok, false);
});
