// Streams a CSV upload: bytes → decoded text (iconv) → records (csv-parse), one at a time, so
// memory stays flat whatever the file size.
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { type Delimiter, type Encoding, detectDelimiter, detectEncoding } from './detect.ts';

export interface CsvRecord {
  /** line number in the file (1-based) where the record starts */
  line: number;
  values: string[];
  raw: string;
}

export interface CsvFormat {
  encoding: Encoding;
  delimiter: Delimiter;
}

const parserOptions = (delimiter: Delimiter) => ({
  delimiter,
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  trim: true,
});

export async function* readCsv(filePath: string, format: CsvFormat, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(filePath, format, onBytes)) yield* batch;
}

/**
 * The records of readCsv in batches (about one per MiB read), so a caller can process them
 * without an await per record. Most lines are split by a fast path that gives exactly what
 * csv-parse gives (values, raw text, line numbers); at the first line it cannot vouch for
 * (a quoted field spanning lines, a lone CR, whitespace before a quote…) the file is read again
 * from the start with csv-parse itself, skipping the records already returned, so odd files
 * and parse errors behave exactly as before. read-csv.test.ts compares the two on random files.
 */
export async function* readCsvBatches(filePath: string, format: CsvFormat, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  let reported = 0;
  const file = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  if (onBytes) {
    file.on('data', (chunk) => {
      reported += chunk.length;
      onBytes(chunk.length);
    });
  }
  const restart = (skip: number) => {
    let read = 0;
    return csvParseRecords(filePath, format, skip, (n) => {
      // progress continues where the first pass stopped
      read += n;
      if (onBytes && read > reported) {
        onBytes(read - reported);
        reported = read;
      }
    });
  };
  try {
    yield* csvRecordBatches(file.pipe(iconv.decodeStream(format.encoding)) as AsyncIterable<string>, format.delimiter, restart);
  } finally {
    file.destroy();
  }
}

/** csv-parse over the whole file: the reference behaviour, used from the first odd line on. */
async function* csvParseRecords(filePath: string, format: CsvFormat, skip: number, onBytes: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  const file = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  file.on('data', (chunk) => onBytes(chunk.length));
  const parser = file.pipe(iconv.decodeStream(format.encoding)).pipe(parse({ ...parserOptions(format.delimiter), info: true, raw: true }));
  let line = 1;
  let seen = 0;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      const start = info.lines - (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 1 : 0);
      line = Math.max(line, start);
      if (++seen > skip) yield [{ line, values: record, raw: raw.replace(/\r?\n$/, '') }];
    }
  } finally {
    file.destroy();
  }
}

const QUOTE = 34;
const CR = 13;
/** ASCII characters csv-parse trims (besides CR and LF, which never reach a field here) */
const isAsciiBlank = (c: number) => c === 32 || c === 9 || c === 11 || c === 12;
/** non-ASCII characters csv-parse trims (ECMAScript white space); its raw text keeps only their first byte when they lead a field */
const isWideBlank = (c: number) =>
  c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * Splits decoded text into records with csv-parse's semantics for the options above (trim,
 * relax_quotes, relax_column_count, skip_empty_lines, bom, info.lines and raw as readCsv
 * reported them) for lines made of plain fields and of quoted fields closed on the same line.
 * `restart(n)` must yield every record after the first n with csv-parse itself.
 */
export async function* csvRecordBatches(
  chunks: AsyncIterable<string>,
  delimiter: string,
  restart: (skip: number) => AsyncIterable<CsvRecord[]>,
): AsyncGenerator<CsvRecord[]> {
  let buf = '';
  let first = true;
  let crlf: boolean | undefined; // the record delimiter: \r\n or \n (csv-parse discovers it on the first line)
  let lines = 1; // csv-parse's info.lines at the current position
  let line = 1; // readCsv's running line number
  let pendingRaw = ''; // csv-parse keeps skipped empty lines in the next record's raw text
  let emitted = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    const end = next.done === true;
    buf += end ? '' : next.value;
    if (first) {
      if (!end && buf.length === 0) continue;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1); // bom: true
      first = false;
    }
    const out: CsvRecord[] = [];
    let pos = 0;
    let odd = false;
    for (;;) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0 && !end) {
        // a CR not at the very end (where an LF may follow) will be in this line: odd; and
        // waiting for an LF would hold a whole CR-only file in memory
        const cr = buf.indexOf('\r', pos);
        if (cr >= 0 && cr < buf.length - 1) odd = true;
        break;
      }
      if (nl < 0 && pos >= buf.length) break;
      if (crlf === undefined) {
        if (nl < 0)
          crlf = false; // one line without a delimiter: nothing to discover
        else crlf = nl > pos && buf.charCodeAt(nl - 1) === CR;
      }
      let stop: number; // end of the line's content
      let term: string; // what csv-parse keeps of the delimiter in raw
      if (nl < 0) {
        stop = buf.length;
        term = '';
      } else if (crlf) {
        if (nl === pos || buf.charCodeAt(nl - 1) !== CR) {
          odd = true; // a lone LF in a CRLF file
          break;
        }
        stop = nl - 1;
        term = '\r';
      } else {
        stop = nl;
        term = '\n';
      }
      const content = buf.slice(pos, stop);
      if (content.indexOf('\r') >= 0) {
        odd = true;
        break;
      }
      // an empty (or blank) line is skipped, but its text stays in the next record's raw
      let blank = true;
      for (let i = 0; i < content.length; i++) {
        const c = content.charCodeAt(i);
        if (!isAsciiBlank(c) || (c === 9 && delimiter === '\t')) {
          blank = false;
          break;
        }
      }
      if (blank) {
        if (nl < 0) {
          pos = buf.length;
          break;
        }
        pendingRaw += content + term;
        lines++;
        pos = nl + 1;
        continue;
      }
      const values = splitLine(content, delimiter);
      if (!values) {
        odd = true;
        break;
      }
      let raw = content + term;
      let start = lines;
      if (pendingRaw) {
        raw = pendingRaw + raw;
        pendingRaw = '';
        start = lines - (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 1 : 0);
      }
      if (start > line) line = start;
      out.push({ line, values, raw: term === '\n' ? raw.slice(0, -1) : raw });
      emitted++;
      if (nl < 0) {
        pos = buf.length;
        break;
      }
      lines++;
      pos = nl + 1;
    }
    if (out.length) yield out;
    if (odd) {
      await iterator.return?.();
      yield* restart(emitted);
      return;
    }
    buf = buf.slice(pos);
    if (end) return;
  }
}

/** The values of one line, or undefined when only csv-parse can tell (see csvRecordBatches). */
function splitLine(content: string, delimiter: string): string[] | undefined {
  const values: string[] = [];
  const n = content.length;
  let i = 0;
  for (;;) {
    if (content.charCodeAt(i) === QUOTE) {
      // a quoted field: "" is a quote; it must close right before the delimiter or the line end
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = content.indexOf('"', from);
        if (q < 0) return undefined; // continues on the next line
        if (content.charCodeAt(q + 1) === QUOTE) {
          value += content.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += content.slice(from, q);
        values.push(value);
        if (q + 1 === n) return values;
        if (content[q + 1] !== delimiter) return undefined; // text or blanks after the closing quote
        i = q + 2;
        break;
      }
    } else {
      const d = content.indexOf(delimiter, i);
      const field = d < 0 ? content.slice(i) : content.slice(i, d);
      const c0 = field.charCodeAt(0);
      if (isAsciiBlank(c0) || isWideBlank(c0)) {
        // blanks before an opening quote start a quoted field; wide blanks break csv-parse's raw
        let k = 0;
        while (k < field.length && isAsciiBlank(field.charCodeAt(k))) k++;
        const c = field.charCodeAt(k);
        if (c === QUOTE || isWideBlank(c)) return undefined;
      }
      // a quote inside an unquoted field is a plain character (relax_quotes)
      values.push(field.trim());
      if (d < 0) return values;
      i = d + 1;
    }
  }
}

/** Detects the format from the first 64 KiB and parses the first rows for the preview. */
export async function sniffCsv(filePath: string, override: Partial<CsvFormat> = {}, previewRows = 10): Promise<CsvFormat & { rows: string[][] }> {
  const fd = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fd.read(buffer, 0, buffer.length, 0);
    const sample = buffer.subarray(0, bytesRead);
    const encoding = override.encoding ?? detectEncoding(sample).encoding;
    let text = iconv.decode(sample, encoding).replace(/^\uFEFF/, '');
    if (bytesRead === buffer.length) text = text.slice(0, text.lastIndexOf('\n') + 1); // whole lines only
    const delimiter = override.delimiter ?? detectDelimiter(text);
    const rows = parseSync(text, { ...parserOptions(delimiter), to: previewRows + 1 }) as string[][];
    return { encoding, delimiter, rows };
  } finally {
    await fd.close();
  }
}
