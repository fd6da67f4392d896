import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { detectDelimiter, detectEncoding } from './detect.ts';
import { normalizeHeader, suggestMapping, validateMapping } from './mapping.ts';

const polish = 'Imię;Nazwisko;Miasto\nŁucja;Świętochowska;Łódź\nŹdzisław;Żółć;Gdańsk\nŚlązak;Pająk;Częstochowa\n';
const czech = 'Jméno;Příjmení;Obec\nŠárka;Šťastná;Žďár nad Sázavou\nŘehoř;Čížek;Třebíč\n';

test('encodings: UTF-8 with and without BOM, windows-1250, ISO-8859-2', () => {
  assert.deepEqual(detectEncoding(Buffer.from(polish)), { encoding: 'utf-8', bom: false });
  assert.deepEqual(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(polish)])), { encoding: 'utf-8', bom: true });
  for (const text of [polish, czech]) {
    assert.equal(detectEncoding(iconv.encode(text, 'windows-1250')).encoding, 'windows-1250');
    assert.equal(detectEncoding(iconv.encode(text, 'iso-8859-2')).encoding, 'iso-8859-2');
  }
});

test('a UTF-8 sample cut inside a multi-byte letter is still UTF-8', () => {
  const bytes = Buffer.from('Łódź;Żółć;ść');
  assert.equal(detectEncoding(bytes.subarray(0, bytes.length - 1)).encoding, 'utf-8');
});

const polishWords = [
  'Łucja',
  'Świętochowska',
  'Łódź',
  'Źdźbło',
  'Żółkiewski',
  'Gdańsk',
  'Częstochowa',
  'Wąchock',
  'Kraków',
  'Szczęsny',
  'Piątek',
  'Ślązak',
  'Nowak',
  'Zięba',
  'Wiśniewska',
  'Poznań',
  'Kowalski',
];
const czechWords = [
  'Šárka',
  'Šťastná',
  'Žďár',
  'Řehoř',
  'Čížek',
  'Třebíč',
  'Plzeň',
  'Brno',
  'Ústí',
  'Dvořák',
  'Kateřina',
  'Jiří',
  'Hruška',
  'Novák',
  'Ostrava',
  'Zlín',
  'Růžena',
];

test('property: realistic Polish or Czech rows decode exactly from either single-byte encoding', () => {
  const file = fc.oneof(
    fc.array(fc.constantFrom(...polishWords), { minLength: 8, maxLength: 60 }),
    fc.array(fc.constantFrom(...czechWords), { minLength: 8, maxLength: 60 }),
  );
  fc.assert(
    fc.property(file, fc.constantFrom('windows-1250', 'iso-8859-2'), (picked, enc) => {
      const text = picked.map((w, i) => (i % 4 === 3 ? `${w}\n` : `${w};`)).join('');
      const bytes = iconv.encode(text, enc);
      return iconv.decode(bytes, detectEncoding(bytes).encoding) === text;
    }),
    { numRuns: 1000 },
  );
});

test('delimiters: semicolon, comma, tab; quoted delimiters do not count', () => {
  assert.equal(detectDelimiter('a;b;c\n1;2;3\n'), ';');
  assert.equal(detectDelimiter('a,b,c\n1,2,3\n'), ',');
  assert.equal(detectDelimiter('a\tb\tc\n1\t2\t3\n'), '\t');
  assert.equal(detectDelimiter('name;city\n"Kowalski, Jan";Kraków\n"Nowak, Anna";Gdańsk\n'), ';');
  assert.equal(detectDelimiter('"a;b",c,d\n"x;y",1,2\n'), ',');
});

test('mapping suggestions from Polish, Czech and English headers, custom fields included', () => {
  assert.equal(normalizeHeader('Kod pocztowy'), 'kodpocztowy');
  assert.equal(normalizeHeader('Województwo'), 'wojewodztwo');
  assert.deepEqual(suggestMapping(['Imię', 'Nazwisko', 'Telefon', 'Telefon 2', 'E-mail', 'Klient VIP'], [{ key: 'vip', label: 'Klient VIP' }]), {
    0: 'firstName',
    1: 'lastName',
    2: 'phone1',
    3: 'phone2',
    4: 'email',
    5: 'custom.vip',
  });
  assert.deepEqual(suggestMapping(['Jméno', 'Příjmení', 'PSČ', 'Obec', 'Telefon'], []), {
    0: 'firstName',
    1: 'lastName',
    2: 'postalCode',
    3: 'commune',
    4: 'phone1',
  });
  assert.deepEqual(suggestMapping(['phone', 'Phone'], []), { 0: 'phone1' }, 'a field is suggested once');
});

test('mapping validation names the problem', () => {
  assert.equal(validateMapping({ 0: 'phone1' }, 2, []), undefined);
  assert.match(validateMapping({ 0: 'lastName' }, 2, []) ?? '', /phone/);
  assert.match(validateMapping({ 0: 'phone1', 1: 'phone1' }, 2, []) ?? '', /twice/);
  assert.match(validateMapping({ 3: 'phone1' }, 2, []) ?? '', /column 3/);
  assert.match(validateMapping({ 0: 'phone1', 1: 'custom.x' }, 2, []) ?? '', /unknown field/);
  assert.equal(validateMapping({ 0: 'phone1', 1: 'custom.x' }, 2, ['x']), undefined);
});
