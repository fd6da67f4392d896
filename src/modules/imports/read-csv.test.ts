// readCsv's fast path must return exactly what csv-parse returned before it (values, raw text,
// line numbers, errors), whatever the file: compared here on random files and random chunkings.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import type { Delimiter, Encoding } from './detect.ts';
import { type CsvRecord, csvRecordBatches, readCsv } from './read-csv.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-read-csv-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

/** readCsv as it was: csv-parse on the stream, one record at a time. */
async function reference(filePath: string, encoding: Encoding, delimiter: Delimiter): Promise<CsvRecord[]> {
  const options = { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true, info: true, raw: true };
  const parser = fs
    .createReadStream(filePath, { highWaterMark: 1 << 20 })
    .pipe(iconv.decodeStream(encoding))
    .pipe(parse(options));
  const out: CsvRecord[] = [];
  let line = 1;
  for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    const start = info.lines - (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 1 : 0);
    line = Math.max(line, start);
    out.push({ line, values: record, raw: raw.replace(/\r?\n$/, '') });
  }
  return out;
}

async function collect(it: AsyncIterable<CsvRecord | CsvRecord[]>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of it) {
    if (Array.isArray(r)) out.push(...r);
    else out.push(r);
  }
  return out;
}

const outcome = async (f: () => Promise<CsvRecord[]>) => {
  try {
    return { records: await f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
};

function writeFile(content: string | Buffer): string {
  const file = path.join(dir, `f${fileNo++}.csv`);
  fs.writeFileSync(file, content);
  return file;
}

// pieces that exercise every rule: quotes, escaped quotes, blanks (ASCII and wide), CR, LF, BOM
const pieces = [
  'a',
  'Żółć',
  'x y',
  '1',
  ';',
  ';',
  ';',
  ',',
  '\t',
  '"',
  '"',
  '""',
  ' ',
  '  ',
  '\u00a0',
  '\u2003',
  '\r\n',
  '\r\n',
  '\r\n',
  '\n',
  '\r',
  '\v',
  '\uFEFF',
  '""""',
  '"a;b"',
  '"x""y"',
];
const textArb = fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...pieces), { maxLength: 60 })).map(([bom, parts]) => (bom ? '\uFEFF' : '') + parts.join(''));
// mostly well-formed files, with an odd line now and then
const fieldArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Łucja', 'Świętojańska 5', '+48 600 100 200', '', ' Gdańsk ', 'a"b', '80-840') },
  { weight: 2, arbitrary: fc.constantFrom('"Anna ""Ania"""', '"Aleja; Zwycięstwa"', '""', '"x"') },
  { weight: 1, arbitrary: fc.constantFrom(' "q"', '"q" ', '"multi\r\nline"', '"multi\nline"', '\u00a0lead', 'tail\u00a0', '"open') },
);
const lineArb = fc.oneof(
  { weight: 8, arbitrary: fc.array(fieldArb, { minLength: 1, maxLength: 5 }).map((f) => f.join(';')) },
  { weight: 1, arbitrary: fc.constantFrom('', '  ', ';;') },
);
const fileArb = fc
  .tuple(fc.array(lineArb, { maxLength: 12 }), fc.constantFrom('\r\n', '\n', '\r'), fc.boolean())
  .map(([lines, eol, last]) => lines.join(eol) + (last ? eol : ''));

async function compareFile(text: string, encoding: Encoding = 'utf-8', delimiter: Delimiter = ';') {
  const file = writeFile(encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding));
  const expected = await outcome(() => reference(file, encoding, delimiter));
  const actual = await outcome(() => collect(readCsv(file, { encoding, delimiter })));
  assert.deepEqual(actual, expected, JSON.stringify(text));
  return expected;
}

test('random character soup: the same records, raw text, line numbers and errors as csv-parse', async () => {
  await fc.assert(
    fc.asyncProperty(textArb, fc.constantFrom<Delimiter>(';', ',', '\t'), async (text, delimiter) => {
      await compareFile(text, 'utf-8', delimiter);
    }),
    { numRuns: 600, seed: 7 },
  );
});

test('random CSV files with odd lines: the same as csv-parse', async () => {
  await fc.assert(
    fc.asyncProperty(fileArb, async (text) => {
      await compareFile(text);
    }),
    { numRuns: 600, seed: 11 },
  );
});

test('chunk boundaries anywhere give the same records', async () => {
  await fc.assert(
    fc.asyncProperty(fileArb, fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }), fc.boolean(), async (body, cuts, bom) => {
      const text = (bom ? '\uFEFF' : '') + body; // the file decoder drops a BOM; csv-parse would too
      const file = writeFile(text);
      const expected = await outcome(() => reference(file, 'utf-8', ';'));
      const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
      const chunks = points.map((p, i) => text.slice(i ? points[i - 1] : 0, p)).concat(text.slice(points.at(-1) ?? 0));
      async function* source() {
        yield* chunks;
      }
      const restart = async function* (skip: number) {
        const all = await reference(file, 'utf-8', ';');
        yield all.slice(skip);
      };
      const actual = await outcome(() => collect(csvRecordBatches(source(), ';', restart)));
      assert.deepEqual(actual, expected, JSON.stringify({ text, points }));
    }),
    { numRuns: 600, seed: 13 },
  );
});

test('a realistic windows-1250 export: same records, and the fast path carries it', async () => {
  const rows = ['Imię;Nazwisko;Ulica;Miasto;Telefon'];
  for (let i = 0; i < 3000; i++) {
    const name = i % 10 === 0 ? `"Firma ""Łąka"" nr ${i}"` : `Łucja ${i}`;
    rows.push(`${name};Żółkiewska;ul. Świętojańska ${i};${i % 7 === 0 ? ' Gdańsk ' : 'Gdańsk'};+48 600 ${String(i).padStart(3, '0')} 200`);
  }
  const text = `${rows.join('\r\n')}\r\n`;
  const expected = await compareFile(text, 'windows-1250');
  assert.equal(expected.records?.length, 3001);
  let restarted = false;
  const source = async function* () {
    yield text;
  };
  await collect(
    csvRecordBatches(source(), ';', async function* () {
      restarted = true;
      yield [];
    }),
  );
  assert.equal(restarted, false, 'a clean file must not need csv-parse');
});

test('an odd line late in the file: csv-parse takes over, nothing is lost or repeated', async () => {
  const text = `a;b\r\n${'x;y\r\n'.repeat(500)}"multi\r\nline";z\r\n${'p;q\r\n'.repeat(10)}   \r\n"unclosed;w\r\n`;
  const result = await compareFile(text);
  assert.ok(result.error, 'the unclosed quote is an error, as before');
  await compareFile(text.replace('"unclosed;w\r\n', 'last;w'));
});
