// npm run bench:statements [-- --reps N] [--rounds N] [--out file.json]
//
// What one statement costs on embedded PGlite, through Parley's prepared-statement path
// (src/db/pglite-prepared.ts) against PGlite's own `query` as the reference, in the same run on
// two in-memory databases with the same table. The statements are the shapes of the dialer's hot
// path: a primary-key update, a wide row read by key (every column parsed, with a parser override
// as Drizzle passes one), an insert returning its id, and a trivial `select $1`. Rounds alternate
// between the two so machine noise hits both; one JSON object on stdout: medians in µs and ratios.
import { parseArgs } from 'node:util';
import { PGlite, types } from '@electric-sql/pglite';
import { preparePgliteStatements } from '../src/db/pglite-prepared.ts';
import { round, writeResult } from './lib/common.ts';

const { values: args } = parseArgs({
  options: { reps: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' }, out: { type: 'string' } },
});
const reps = Number(args.reps);
const rounds = Number(args.rounds);

async function database(prepared: boolean) {
  const pg = await PGlite.create({ dataDir: 'memory://' });
  if (prepared) preparePgliteStatements(pg);
  await pg.exec(`create table t (id bigserial primary key, state text, since timestamptz, n int, params jsonb default '{}',
      ${Array.from({ length: 20 }, (_, i) => `c${i} text default 'value ${i}'`).join(', ')});
    create index on t (state, since);
    insert into t (state, since, n) select 'ready', now(), g from generate_series(1, 5000) g;`);
  return pg;
}
// Drizzle overrides the timestamp parsers on every query: the reference pays for that as Parley did
const options = { rowMode: 'object' as const, parsers: { [types.TIMESTAMPTZ]: (v: string) => v } };
const statements: Record<string, [string, (i: number) => unknown[]]> = {
  'select $1': ['select $1::int as x', (i) => [i]],
  'update by key': ['update t set state = $1, since = $2 where id = $3', (i) => [i % 2 ? 'talking' : 'ready', new Date(), (i % 5000) + 1]],
  'wide row by key': ['select * from t where id = $1', (i) => [(i % 5000) + 1]],
  'insert returning id': ['insert into t (state, since, n) values ($1, $2, $3) returning id', (i) => ['new', new Date(), i]],
};

const reference = await database(false);
const parley = await database(true);
const samples: Record<string, { reference: number[]; prepared: number[] }> = {};
for (const name of Object.keys(statements)) samples[name] = { reference: [], prepared: [] };
async function perStatement(pg: PGlite, [text, params]: [string, (i: number) => unknown[]]) {
  const t = performance.now();
  for (let i = 0; i < reps; i++) await pg.query(text, params(i), options);
  return ((performance.now() - t) / reps) * 1000;
}
for (let r = 0; r <= rounds; r++) {
  for (const [name, s] of Object.entries(statements)) {
    const ref = await perStatement(reference, s);
    const prep = await perStatement(parley, s);
    if (r === 0) continue; // warm-up round
    samples[name].reference.push(ref);
    samples[name].prepared.push(prep);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = Object.fromEntries(
  Object.entries(samples).map(([name, s]) => {
    const ref = median(s.reference);
    const prep = median(s.prepared);
    return [name, { referenceMicros: round(ref, 1), preparedMicros: round(prep, 1), speedup: round(ref / prep, 2) }];
  }),
);
writeResult({ bench: 'pglite-statements', reps, rounds, results }, args.out);
await reference.close();
await parley.close();
