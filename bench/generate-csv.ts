// node bench/generate-csv.ts --rows 1000000 [--seed 2026] [--encoding windows-1250|utf-8] --file out.csv
// Writes the seeded Polish contacts CSV and prints {bytes, encoding, expected} as JSON.
import { parseArgs } from 'node:util';
import { writeContactsCsv } from './lib/generate.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '2026' },
    encoding: { type: 'string', default: 'windows-1250' },
    file: { type: 'string' },
  },
});
if (!values.file) throw new Error('--file is required');
const encoding = values.encoding === 'utf-8' ? 'utf-8' : 'windows-1250';
const result = writeContactsCsv(values.file, Number(values.rows), { seed: Number(values.seed), encoding });
process.stdout.write(`${JSON.stringify(result)}\n`);
