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
  const file = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  if (onBytes) file.on('data', (chunk) => onBytes(chunk.length));
  const parser = file.pipe(iconv.decodeStream(format.encoding)).pipe(parse({ ...parserOptions(format.delimiter), info: true, raw: true }));
  let line = 1;
  for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    const start = info.lines - (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 1 : 0);
    line = Math.max(line, start);
    yield { line, values: record, raw: raw.replace(/\r?\n$/, '') };
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
