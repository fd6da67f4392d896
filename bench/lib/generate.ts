// Seeded generator of realistic Polish contacts: the same seed gives the same file, byte for
// byte. It knows which rows it made invalid or duplicate, so the benchmark can check the
// import's counts against the truth.
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { seededRandom } from '../../src/shared/random.ts';
import {
  companyForms,
  companyKinds,
  companyNames,
  femaleFirst,
  lastNames,
  mailDomains,
  maleFirst,
  mobilePrefixes,
  streetKinds,
  streets,
  type Town,
  towns,
} from './polish-data.ts';

export interface Person {
  name: string;
  firstName: string;
  lastName: string;
  street: string;
  houseNumber: string;
  city: string;
  postalCode: string;
  commune: string;
  county: string;
  region: string;
  /** as written in the file */
  phone1: string;
  phone2: string;
  /** E.164 when the generator made a valid number, null for the invalid ones */
  phone1E164: string | null;
  phone2E164: string | null;
  email: string;
  kind: 'new' | 'duplicate' | 'invalid';
}

export interface GeneratorOptions {
  seed?: number;
  /** share of rows that repeat an earlier row's phone 1 (in another format) */
  duplicateRate?: number;
  /** share of rows with an invalid or missing phone */
  invalidRate?: number;
}

const DIACRITICS: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' };
const ascii = (s: string) =>
  s
    .toLowerCase()
    .replace(/[ąćęłńóśźż]/g, (c) => DIACRITICS[c])
    .replace(/[^a-z0-9]/g, '');

/** A bijection on 0 … mod − 1 that looks random, so numbers are unique without a set. */
function permute(i: number, mod: number): number {
  // 7 919 and 104 729 are primes other than 2, 5 and 13, so coprime with every mod used here
  const a = (i * 7919 + 12345) % mod;
  return (a * 104729 + 7777) % mod;
}
const pad = (n: number, digits: number) => String(n).padStart(digits, '0');
/** FNV-1a: a stable small hash of a string */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function groups(nn: string, sizes: number[], sep: string): string {
  const out: string[] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(nn.slice(at, at + s));
    at += s;
  }
  return out.join(sep);
}

/** Mixed real-world spellings of a valid national number (9 digits). */
function formatPhone(nn: string, mobile: boolean, r: number): string {
  if (mobile) {
    if (r < 0.22) return `+48 ${groups(nn, [3, 3, 3], ' ')}`;
    if (r < 0.38) return groups(nn, [3, 3, 3], '-');
    if (r < 0.56) return groups(nn, [3, 3, 3], ' ');
    if (r < 0.72) return nn;
    if (r < 0.82) return `0048 ${nn}`;
    if (r < 0.9) return `+48${nn}`;
    if (r < 0.95) return `+48 ${groups(nn, [3, 3, 3], '-')}`;
    if (r < 0.98) return `(+48) ${groups(nn, [3, 3, 3], ' ')}`;
    return `48 ${groups(nn, [3, 3, 3], ' ')}`; // country code without "+": libphonenumber's slow path
  }
  const area = nn.slice(0, 2);
  const rest = nn.slice(2);
  if (r < 0.3) return `(${area}) ${groups(rest, [3, 2, 2], ' ')}`;
  if (r < 0.5) return `${area} ${groups(rest, [3, 2, 2], ' ')}`;
  if (r < 0.65) return `+48 ${area} ${groups(rest, [3, 2, 2], ' ')}`;
  if (r < 0.75) return `${area}-${groups(rest, [3, 2, 2], '-')}`;
  if (r < 0.88) return nn;
  if (r < 0.95) return `0048 ${area} ${rest}`;
  return `+48 (${area}) ${rest}`;
}

/** Invalid spellings: wrong length, letters, an unused range, the old trunk prefix, missing. */
function invalidPhone(r: number, nn: string): string {
  if (r < 0.2) return groups(nn.slice(0, 8), [3, 3, 2], ' '); // too short
  if (r < 0.35) return `${nn.slice(0, 3)} ${nn.slice(3, 6).replace(/0/g, 'O')}X ${nn.slice(6)}`; // letters
  if (r < 0.5) return `100 ${nn.slice(3, 6)} ${nn.slice(6)}`; // no such range
  if (r < 0.65) return `(0-${nn.slice(0, 2)}) ${nn.slice(2, 5)}-${nn.slice(5, 7)}-${nn.slice(7)}`; // trunk prefix 0 (gone since 2005)
  if (r < 0.75) return `${nn} 12`; // too long
  if (r < 0.85) return 'brak';
  return ''; // no phone at all
}

export function createGenerator(opts: GeneratorOptions = {}) {
  const rnd = seededRandom(opts.seed ?? 2026).next;
  const dupRate = opts.duplicateRate ?? 0.05;
  const invalidRate = opts.invalidRate ?? 0.01;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const cumulative: number[] = [];
  let total = 0;
  for (const t of towns) {
    total += t.weight;
    cumulative.push(total);
  }
  const pickTown = (): Town => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return towns[lo];
  };
  let mobileCount = 0;
  const landlineCount = new Map<string, number>();
  const issued: string[] = []; // national numbers of phone 1 so far, for duplicates
  const counts = { new: 0, duplicate: 0, invalid: 0 };

  const newNumber = (town: Town): { nn: string; mobile: boolean } => {
    if (rnd() < 0.72) {
      const k = mobileCount++;
      const m = permute(k, mobilePrefixes.length * 1e7);
      return { nn: mobilePrefixes[Math.floor(m / 1e7)] + pad(m % 1e7, 7), mobile: true };
    }
    const k = landlineCount.get(town.area) ?? 0;
    landlineCount.set(town.area, k + 1);
    return { nn: town.area + String(2 + Math.floor(k / 1e6)) + pad(permute((k + Number(town.area) * 7717) % 1e6, 1e6), 6), mobile: false };
  };

  function next(): Person {
    const town = pickTown();
    const female = rnd() < 0.52;
    const firstName = female ? pick(femaleFirst) : pick(maleFirst);
    const lastName = pick(lastNames)[female ? 1 : 0];
    let name = '';
    if (rnd() < 0.06) {
      const inner = pick(companyNames);
      const quoted = rnd() < 0.5 ? `„${inner}”` : `"${inner}"`;
      name = `${pick(companyKinds)} ${quoted} ${lastName} ${pick(companyForms)}`.trim();
    }
    const village = town.weight < 10;
    const street = village && rnd() < 0.6 ? '' : `${pick(streetKinds)}${pick(streets)}`;
    let houseNumber = String(1 + Math.floor(rnd() * (rnd() < 0.8 ? 60 : 250)));
    const hx = rnd();
    if (hx < 0.12) houseNumber += 'ABCD'[Math.floor(rnd() * 4)];
    else if (hx < 0.35) houseNumber += `/${1 + Math.floor(rnd() * 120)}`;
    else if (hx < 0.4) houseNumber += ` m. ${1 + Math.floor(rnd() * 80)}`;
    // a street has its postal code (sometimes two); a village without streets has the first one
    const [pFrom, pTo] = town.postal;
    const span = pTo - pFrom + 1;
    const code = street ? pFrom + ((hash(`${town.city}|${street}`) + (rnd() < 0.1 ? 1 : 0)) % span) : pFrom;
    const pc = String(code).padStart(5, '0');
    const postalCode = `${pc.slice(0, 2)}-${pc.slice(2)}`;

    let phone1: string;
    let phone1E164: string | null;
    let kind: Person['kind'];
    const roll = rnd();
    if (roll < invalidRate) {
      kind = 'invalid';
      // from a mobile range: a Radom landline (area 48) written too long would parse as +48 …
      phone1 = invalidPhone(rnd(), `60${pad(permute(counts.invalid, 1e7), 7)}`);
      phone1E164 = null;
    } else if (roll < invalidRate + dupRate && issued.length > 0) {
      kind = 'duplicate';
      const nn = issued[Math.floor(rnd() * issued.length)];
      phone1 = formatPhone(nn, /^(45|5[0137]|6[069]|7[2389]|88)/.test(nn), rnd());
      phone1E164 = `+48${nn}`;
    } else {
      kind = 'new';
      const { nn, mobile } = newNumber(town);
      issued.push(nn);
      phone1 = formatPhone(nn, mobile, rnd());
      phone1E164 = `+48${nn}`;
    }
    counts[kind]++;
    let phone2 = '';
    let phone2E164: string | null = null;
    if (kind !== 'invalid' && rnd() < 0.15) {
      const { nn, mobile } = newNumber(town);
      phone2 = formatPhone(nn, mobile, rnd());
      phone2E164 = `+48${nn}`;
    }
    const email = rnd() < 0.35 ? `${ascii(firstName)}.${ascii(lastName)}${rnd() < 0.5 ? Math.floor(rnd() * 100) : ''}@${pick(mailDomains)}` : '';
    return {
      name,
      firstName,
      lastName,
      street,
      houseNumber,
      city: town.city,
      postalCode,
      commune: town.commune,
      county: town.county,
      region: town.region,
      phone1,
      phone2,
      phone1E164,
      phone2E164,
      email,
      kind,
    };
  }

  return { next, counts };
}

export const csvHeader = [
  'Nazwa',
  'Imię',
  'Nazwisko',
  'Ulica',
  'Nr domu',
  'Kod pocztowy',
  'Miejscowość',
  'Gmina',
  'Powiat',
  'Województwo',
  'Telefon',
  'Telefon 2',
  'E-mail',
];

const csvField = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes `rows` generated contacts as a `;`-separated CSV (CRLF, like a spreadsheet export). */
export function writeContactsCsv(file: string, rows: number, opts: GeneratorOptions & { encoding?: 'utf-8' | 'windows-1250' } = {}) {
  const encoding = opts.encoding ?? 'windows-1250';
  const gen = createGenerator(opts);
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  const write = (text: string) => {
    const buf = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding);
    fs.writeSync(fd, buf);
    bytes += buf.length;
  };
  try {
    write(`${encoding === 'utf-8' ? '\uFEFF' : ''}${csvHeader.join(';')}\r\n`);
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      const p = gen.next();
      // a few cells come with stray spaces, as typed
      const city = i % 97 === 0 ? ` ${p.city} ` : p.city;
      chunk.push(
        [p.name, p.firstName, p.lastName, p.street, p.houseNumber, p.postalCode, city, p.commune, p.county, p.region, p.phone1, p.phone2, p.email]
          .map(csvField)
          .join(';'),
      );
      if (chunk.length === 10_000) {
        write(`${chunk.join('\r\n')}\r\n`);
        chunk = [];
      }
    }
    if (chunk.length) write(`${chunk.join('\r\n')}\r\n`);
  } finally {
    fs.closeSync(fd);
  }
  const { new: fresh, duplicate, invalid } = gen.counts;
  return { bytes, encoding, expected: { rowsRead: rows, added: fresh, duplicates: duplicate, rejected: invalid } };
}
