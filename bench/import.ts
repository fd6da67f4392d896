// npm run bench:import [-- --rows N] [--out file.json] [--encoding windows-1250|utf-8] [--seed S] [--keep]
//
// Imports a seeded, realistic Polish contacts CSV through the API's own path (the imports row
// as POST /api/imports and POST /api/imports/:id/start create it, then the job runner runs the
// import job: stageImport + mergeImport), then loads the same normalised rows into an
// identical table (same columns, same indexes) with one plain COPY as the reference.
// PGlite in a fresh folder under /tmp by default; PostgreSQL when DATABASE_URL points to an
// empty database. One JSON object on stdout; progress on stderr.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { rows } from '../src/db/query.ts';
import { customFields, importGroups, imports } from '../src/db/schema.ts';
import { defineJobs } from '../src/jobs.ts';
import { smtpMailer } from '../src/modules/mail/mailer.ts';
import { type Mapping, suggestMapping, validateMapping } from '../src/modules/imports/mapping.ts';
import { sniffCsv } from '../src/modules/imports/read-csv.ts';
import { IMPORT_JOB } from '../src/modules/imports/run-import.ts';
import { createJobRunner } from '../src/modules/jobs/runner.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createEventBus } from '../src/shared/events.ts';
import { seededRandom } from '../src/shared/random.ts';
import { checkpoint, contactsCsv, copyIn, copyOut, log, openBenchDatabase, peakRssMb, round, traceStatements, writeResult } from './lib/common.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    seed: { type: 'string', default: '2026' },
    encoding: { type: 'string', default: 'windows-1250' },
    keep: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});
const rowCount = Number(args.rows);
const encoding = args.encoding === 'utf-8' ? 'utf-8' : 'windows-1250';

log(`generating ${rowCount} rows (${encoding})…`);
const csv = contactsCsv(rowCount, Number(args.seed), encoding);
log(`CSV ${csv.file}: ${(csv.bytes / 1e6).toFixed(1)} MB${csv.reused ? ' (reused)' : ` in ${csv.generatedSeconds} s`}`);

const bench = await openBenchDatabase();
const { handle } = bench;
const { db } = handle;
log(`engine ${bench.engine}${bench.dataDir ? ` (${bench.dataDir})` : ''}`);
if (args.trace) traceStatements(handle);

// the reference table: same columns, defaults and indexes as contacts, empty like it
await db.execute(sql`create table contacts_ref (like contacts including all)`);
// LIKE does not copy table storage parameters (e.g. fillfactor): copy them too
const [{ reloptions }] = await rows<{ reloptions: string[] | null }>(db, sql`select reloptions from pg_class where oid = 'contacts'::regclass`);
if (reloptions?.length) await db.execute(sql.raw(`alter table contacts_ref set (${reloptions.join(', ')})`));

const config = loadConfig({ PARLEY_DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent', DATABASE_URL: process.env.DATABASE_URL });
const events = createEventBus();
const jobs = createJobRunner({ db, clock: systemClock, random: seededRandom(1), events, workerId: 'bench', soleProcess: true });
defineJobs({ config, handle, db, clock: systemClock, random: seededRandom(1), events, jobs, mailer: smtpMailer() });

// POST /api/imports: sniff the file, suggest a mapping, record the upload
const fields = await db.select({ key: customFields.key, label: customFields.label }).from(customFields);
const sniff = await sniffCsv(csv.file);
const mapping: Mapping = suggestMapping(sniff.rows[0] ?? [], fields);
const [created] = await db
  .insert(imports)
  .values({
    fileName: 'kontakty.csv',
    filePath: csv.file,
    fileSize: csv.bytes,
    encoding: sniff.encoding,
    delimiter: sniff.delimiter,
    state: 'uploaded',
    createdAt: systemClock.now(),
  })
  .returning({ id: imports.id });

await checkpoint(handle);
log(`importing (detected ${sniff.encoding}, "${sniff.delimiter}", mapping ${JSON.stringify(mapping)})…`);
let stagedAt = 0;
let lastLog = 0;
events.subscribe((e) => {
  if (e.type !== 'job.progress') return;
  const p = e.progress as { phase?: string; rowsRead?: number };
  if (p.phase === 'merging' && !stagedAt) stagedAt = performance.now();
  if (performance.now() - lastLog > 5000) {
    lastLog = performance.now();
    log(`  ${p.phase} ${p.rowsRead ?? ''}`);
  }
});
const started = performance.now();

// POST /api/imports/:id/start: validate the mapping, create the group, enqueue the job
const startSniff = await sniffCsv(csv.file, { encoding: sniff.encoding, delimiter: sniff.delimiter });
const problem = validateMapping(mapping, Math.max(0, ...startSniff.rows.map((r) => r.length)), []);
if (problem) throw new Error(`mapping: ${problem}`);
await db.transaction(async (tx) => {
  await tx.insert(importGroups).values({ name: 'benchmark', createdAt: systemClock.now() }).onConflictDoNothing();
  const [group] = await tx.select().from(importGroups).where(eq(importGroups.name, 'benchmark'));
  const job = await jobs.enqueue(tx, IMPORT_JOB, { importId: created.id }, { dedupeKey: `import:${created.id}` });
  await tx
    .update(imports)
    .set({
      groupId: group.id,
      mapping,
      hasHeader: true,
      duplicatePolicy: 'skip',
      encoding: sniff.encoding,
      delimiter: sniff.delimiter,
      state: 'queued',
      jobId: job.id,
    })
    .where(eq(imports.id, created.id));
});
// the job runner, as in the server
const ran = await jobs.runDue();
const finished = performance.now();
const importRss = peakRssMb();
const [imp] = await db.select().from(imports).where(eq(imports.id, created.id));
if (ran !== 1 || imp.state !== 'done') throw new Error(`import did not finish: state ${imp.state}, error ${imp.error}`);
const importSeconds = (finished - started) / 1000;
log(
  `import: ${importSeconds.toFixed(1)} s (staging ${((stagedAt - started) / 1000).toFixed(1)} s, merge ${((finished - stagedAt) / 1000).toFixed(1)} s), ${imp.added} added`,
);

// Reference: the same normalised rows, prepared as COPY text beforehand; only the COPY is timed.
const columns = (
  await rows<{ column_name: string }>(
    db,
    sql`
  select column_name from information_schema.columns where table_name = 'contacts' and column_name <> 'id' order by ordinal_position`,
  )
).map((r) => r.column_name);
const data = await copyOut(handle, `select ${columns.join(', ')} from contacts order by id`);
const bytes = data.reduce((n, b) => n + b.length, 0);
await checkpoint(handle);
log(`reference COPY of ${imp.added} rows (${(bytes / 1e6).toFixed(0)} MB)…`);
const refStarted = performance.now();
await copyIn(handle, 'contacts_ref', columns, data);
const refSeconds = (performance.now() - refStarted) / 1000;
const [{ n: refRows }] = await rows<{ n: string }>(db, sql`select count(*) as n from contacts_ref`);
if (Number(refRows) !== imp.added) throw new Error(`reference table has ${refRows} rows, expected ${imp.added}`);

const importRate = rowCount / importSeconds;
const refRate = imp.added / refSeconds;
const result = {
  benchmark: 'import',
  engine: bench.engine,
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  rows: rowCount,
  file: { bytes: csv.bytes, encoding: sniff.encoding, delimiter: sniff.delimiter },
  import: {
    seconds: round(importSeconds),
    rowsPerSecond: Math.round(importRate),
    stagingSeconds: round((stagedAt - started) / 1000),
    mergeSeconds: round((finished - stagedAt) / 1000),
  },
  reference: { rows: imp.added, seconds: round(refSeconds), rowsPerSecond: Math.round(refRate) },
  ratio: round(importRate / refRate, 3),
  peakRssMb: importRss,
  peakRssMbWithReference: peakRssMb(),
  counts: { rowsRead: imp.rowsRead, added: imp.added, duplicates: imp.duplicates, rejected: imp.rejected, updated: imp.updated },
  expected: csv.expected,
  countsMatch:
    imp.rowsRead === csv.expected.rowsRead &&
    imp.added === csv.expected.added &&
    imp.duplicates === csv.expected.duplicates &&
    imp.rejected === csv.expected.rejected,
};
await bench.dispose({ keep: args.keep });
if (args.keep && bench.dataDir) log(`kept ${bench.dataDir}`);
writeResult(result, args.out);
