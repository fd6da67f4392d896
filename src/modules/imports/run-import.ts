// CT-2/CT-3: the import job. Phase 1 streams the file into a staging table (COPY, batch by
// batch) and records every rejected row with its line and reason. Phase 2 merges staging into
// contacts in ONE transaction with the chosen duplicate policy, so a failure at any point leaves
// no half-imported contacts; a retried job starts phase 1 again from a clean slate.
import { eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Database, Db, DbHandle } from '../../db/client.ts';
import { copyValue } from '../../db/client.ts';
import { importRejects, importRows, imports } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ContactInput, CustomFieldDef } from '../contacts/model.ts';
import { validateContact } from '../contacts/model.ts';
import { listCustomFields } from '../contacts/repo.ts';
import type { JobDefinition } from '../jobs/runner.ts';
import { PermanentJobError } from '../jobs/runner.ts';
import { buildLocationsFrom } from '../locations/repo.ts';
import type { Mapping } from './mapping.ts';
import { readCsvBatches } from './read-csv.ts';
import type { Delimiter, Encoding } from './detect.ts';
import { rows } from '../../db/query.ts';

export const IMPORT_JOB = 'contacts.import';
const BATCH = 5_000;

const stagingColumns = [
  'import_id',
  'line',
  'name',
  'first_name',
  'last_name',
  'street',
  'house_number',
  'city',
  'postal_code',
  'region',
  'county',
  'commune',
  'phone1',
  'phone1_raw',
  'phone2',
  'phone2_raw',
  'email',
  'custom',
] as const;
const contactColumns = stagingColumns.slice(2);

export interface ImportDeps {
  db: Database;
  handle: DbHandle;
  clock: Clock;
  defaultCountry: string;
}

type ImportRow = typeof imports.$inferSelect;
type Progress = (p: Record<string, unknown>) => Promise<void>;

/** Maps one CSV record to contact input using the column mapping. */
export function recordToInput(values: string[], mapping: Mapping): ContactInput {
  const input: ContactInput = {};
  const custom: Record<string, string> = {};
  for (const [col, target] of Object.entries(mapping)) {
    const v = values[Number(col)] ?? '';
    if (target.startsWith('custom.')) custom[target.slice(7)] = v;
    else input[target as Exclude<keyof ContactInput, 'custom'>] = v;
  }
  if (Object.keys(custom).length) input.custom = custom;
  return input;
}

/** recordToInput with the mapping resolved once: the same object, built without per-row parsing of the mapping. */
function inputMaker(mapping: Mapping): (values: string[]) => ContactInput {
  const entries = Object.entries(mapping).map(([col, target]) => ({
    index: Number(col),
    field: target as Exclude<keyof ContactInput, 'custom'>,
    custom: target.startsWith('custom.') ? target.slice(7) : undefined,
  }));
  return (values) => {
    const input: ContactInput = {};
    let custom: Record<string, string> | undefined;
    for (const e of entries) {
      const v = values[e.index] ?? '';
      if (e.custom !== undefined) {
        custom ??= {};
        custom[e.custom] = v;
      } else input[e.field] = v;
    }
    if (custom) input.custom = custom;
    return input;
  };
}

/** One line of COPY text. */
function copyLine(values: unknown[]): string {
  let line = copyValue(values[0] as string | null);
  for (let i = 1; i < values.length; i++) line += `\t${copyValue(values[i] as string | null)}`;
  return `${line}\n`;
}

/** Phase 1: file → staging + rejects. Returns rows read and rejected. */
export async function stageImport(deps: ImportDeps, imp: ImportRow, progress: Progress) {
  const { db, handle } = deps;
  await db.delete(importRows).where(eq(importRows.importId, imp.id));
  await db.delete(importRejects).where(eq(importRejects.importId, imp.id));
  const fields: CustomFieldDef[] = await listCustomFields(db);
  const mapping = (imp.mapping ?? {}) as Mapping;
  const toInput = inputMaker(mapping);
  const columnCount = Math.max(...Object.keys(mapping).map(Number)) + 1;
  let staged: string[] = [];
  let rejects: string[] = [];
  let rowsRead = 0;
  let rejected = 0;
  let bytes = 0;
  let expectedColumns: number | undefined;
  let lastReport = Date.now();

  // One COPY in flight while the next batch is parsed (PostgreSQL works in parallel); the
  // batches still load one after the other, and a failed COPY fails the staging.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rowsText = staged.length ? staged.join('') : '';
    const rejectsText = rejects.length ? rejects.join('') : '';
    staged = [];
    rejects = [];
    await inFlight;
    inFlight = (async () => {
      if (rowsText) await handle.copyText('import_rows', [...stagingColumns], rowsText);
      if (rejectsText) await handle.copyText('import_rejects', ['import_id', 'line', 'kind', 'reason', 'field', 'raw'], rejectsText);
    })();
    inFlight.catch(() => {}); // awaited at the next flush or at the end
  };
  const reject = (line: number, reason: string, field: string | null, raw: string) => {
    rejected++;
    rejects.push(`${[imp.id, line, 'rejected', reason, field, raw.slice(0, 2000)].map(copyValue).join('\t')}\n`);
  };

  let first = true;
  // records come in batches (one per MiB read): no await per record
  for await (const batch of readCsvBatches(imp.filePath, { encoding: imp.encoding as Encoding, delimiter: imp.delimiter as Delimiter }, (n) => {
    bytes += n;
  })) {
    for (const rec of batch) {
      if (first && imp.hasHeader) {
        first = false;
        expectedColumns = rec.values.length;
        continue;
      }
      first = false;
      rowsRead++;
      expectedColumns ??= rec.values.length;
      if (rec.values.length < columnCount || rec.values.length !== expectedColumns) {
        reject(rec.line, `expected ${expectedColumns} columns, found ${rec.values.length}`, null, rec.raw);
      } else {
        const r = validateContact(toInput(rec.values), { defaultCountry: deps.defaultCountry, customFields: fields, requirePhone: true });
        if (!r.ok) {
          reject(rec.line, r.problems.map((p) => `${p.field}: ${p.reason}`).join('; '), r.problems[0].field, rec.raw);
        } else {
          const v = r.values as Record<string, unknown>;
          const row = [
            imp.id,
            rec.line,
            v.name,
            v.firstName,
            v.lastName,
            v.street,
            v.houseNumber,
            v.city,
            v.postalCode,
            v.region,
            v.county,
            v.commune,
            v.phone1,
            v.phone1Raw,
            v.phone2,
            v.phone2Raw,
            v.email,
            v.custom ? JSON.stringify(v.custom) : null,
          ];
          staged.push(copyLine(row));
        }
      }
      if (staged.length + rejects.length >= BATCH) {
        await flush();
        if (Date.now() - lastReport > 500) {
          lastReport = Date.now();
          await progress({ phase: 'reading', rowsRead, rejected, percent: Math.min(99, Math.floor((bytes / Math.max(1, imp.fileSize)) * 100)) });
        }
      }
    }
  }
  await flush();
  await inFlight;
  // planner statistics for the merge (without them it plans for a few hundred rows)
  await db.execute(sql`analyze import_rows`);
  return { rowsRead, rejected };
}

/** Phase 2: staging → contacts in one transaction, with the duplicate policy. */
export async function mergeImport(deps: ImportDeps, imp: ImportRow, counts: { rowsRead: number; rejected: number }) {
  const { db, clock } = deps;
  const now = clock.now();
  const id = imp.id;
  const policy = imp.duplicatePolicy ?? 'skip';
  const plain = contactColumns.filter((c) => c !== 'custom');
  return db.transaction(async (tx) => {
    // sorts and hashes over a million staged rows stay in memory (the default 4 MB spills to disk)
    await tx.execute(sql`set local work_mem = '64MB'`);
    // Each staged row's fate: duplicate in the file (of an earlier line), duplicate of an
    // existing contact, or new. "keep" inserts everything.
    // existing_id = min(c.id) where c.phone1 = key or c.phone2 = key, as joins: a per-row
    // "select min(id) … where phone1 = key or phone2 = key" may be planned as a walk along the
    // primary key (stale statistics: PGlite has no autovacuum), which reads the whole table for
    // every new number.
    await tx.execute(sql`create temporary table import_fate on commit drop as
      with keyed as (
        select line, coalesce(phone1, phone2) as key,
               first_value(line) over (partition by coalesce(phone1, phone2) order by line) as first_line
        from import_rows where import_id = ${id}),
      existing as (
        select m.key, min(m.id) as id from (
          select k.key, c.id from keyed k join contacts c on c.phone1 = k.key
          union all
          select k.key, c.id from keyed k join contacts c on c.phone2 = k.key) m
        group by m.key)
      select k.line, k.key, nullif(k.first_line, k.line) as dup_of_line, e.id as existing_id
      from keyed k left join existing e on e.key = k.key
      order by k.line`); // stored in line order: the joins on line below read it sequentially
    await tx.execute(sql`create index on import_fate (line)`);
    await tx.execute(sql`analyze import_fate`);
    if (policy === 'keep') await tx.execute(sql`update import_fate set dup_of_line = null, existing_id = null`);

    await tx.execute(sql`
      insert into import_rejects (import_id, line, kind, reason, field, raw)
      select ${id}, f.line, 'duplicate',
             case when f.dup_of_line is not null then 'duplicate of line ' || f.dup_of_line || ' in this file'
                  else 'duplicate of contact #' || f.existing_id end,
             'phone1', concat_ws(' ', r.name, r.first_name, r.last_name, r.phone1_raw, r.phone2_raw)
      from import_fate f join import_rows r on r.import_id = ${id} and r.line = f.line
      where f.dup_of_line is not null or (f.existing_id is not null and ${policy === 'skip'})`);
    const fate = await rows<{ fresh: string; existing: string }>(
      tx,
      sql`
      select count(*) filter (where dup_of_line is null and existing_id is null) as fresh,
             count(*) filter (where dup_of_line is null and existing_id is not null) as existing
      from import_fate`,
    );
    const added = Number(fate[0].fresh);

    const updated = policy === 'update' ? Number(fate[0].existing) : 0;
    if (policy === 'update') {
      // the existing contact takes every non-empty value of the row; custom fields merge
      const sets = plain.map((c) => `${c} = coalesce(r.${c}, c.${c})`).join(', ');
      await tx.execute(sql`
        update contacts c set ${sql.raw(sets)}, custom = c.custom || coalesce(r.custom, '{}'::jsonb),
          import_group_id = ${imp.groupId}, import_id = ${id}, updated_at = ${now}
        from import_fate f join import_rows r on r.import_id = ${id} and r.line = f.line
        where f.dup_of_line is null and f.existing_id = c.id`);
    }

    // PGlite runs one query at a time and every other caller waits for this transaction anyway,
    // so when the import at least doubles the table, the contacts indexes are dropped here and
    // rebuilt from their own definitions after the insert: building an index once is several
    // times faster than maintaining it row by row (trigram GIN above all). DDL is transactional:
    // a failure restores them. PostgreSQL keeps them, as other sessions read contacts meanwhile.
    const rebuild = deps.handle.kind === 'pglite' && added > 0 ? await dropIndexesForBulkLoad(tx, 'contacts', added) : [];
    await tx.execute(sql`
      insert into contacts (${sql.raw(plain.join(', '))}, custom, source, import_group_id, import_id, blocked, blocked_at, blocked_reason, created_at, updated_at)
      select ${sql.raw(plain.map((c) => `r.${c}`).join(', '))}, coalesce(r.custom, '{}'::jsonb), 'import', ${imp.groupId}, ${id},
             b.phone is not null, case when b.phone is not null then ${now}::timestamptz end, b.reason, ${now}, ${now}
      from import_rows r join import_fate f on f.line = r.line
      left join lateral (select phone, reason from blocked_numbers where phone in (r.phone1, r.phone2) limit 1) b on true
      where r.import_id = ${id} and f.dup_of_line is null and f.existing_id is null
      order by r.line`);
    for (const definition of rebuild) await tx.execute(sql.raw(definition));

    // The dictionary depends only on each contact's location columns, so it is built from one
    // contact per distinct combination: the same nodes, far fewer rows to join level by level.
    await tx.execute(sql`create temporary table import_places on commit drop as
      select min(id) as id from contacts where import_id = ${id}
      group by region, county, commune, city, street, postal_code`);
    await tx.execute(sql`create index on import_places (id)`);
    await tx.execute(sql`analyze import_places`);
    await buildLocationsFrom(tx, sql`c.import_id = ${id} and c.id in (select id from import_places)`);
    await tx.delete(importRows).where(eq(importRows.importId, id));
    const duplicates = counts.rowsRead - counts.rejected - added - updated;
    const [done] = await tx
      .update(imports)
      .set({ state: 'done', rowsRead: counts.rowsRead, rejected: counts.rejected, added, updated, duplicates, finishedAt: now, error: null })
      .where(eq(imports.id, id))
      .returning();
    return done;
  });
}

/**
 * When `adding` rows at least doubles `table`, drops its indexes (except those backing a
 * constraint) and returns their definitions to recreate after the load; otherwise drops nothing.
 */
async function dropIndexesForBulkLoad(tx: Db, table: string, adding: number): Promise<string[]> {
  const [{ n }] = await rows<{ n: string }>(tx, sql`select count(*) as n from (select 1 from ${sql.identifier(table)} limit ${adding + 1}) t`);
  if (Number(n) > adding) return [];
  const indexes = await rows<{ name: string; definition: string }>(
    tx,
    sql`
    select i.relname as name, pg_get_indexdef(i.oid) as definition
    from pg_index x join pg_class i on i.oid = x.indexrelid
    where x.indrelid = ${table}::regclass and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
    order by i.relname`,
  );
  for (const { name } of indexes) await tx.execute(sql`drop index ${sql.identifier(name)}`);
  return indexes.map((i) => i.definition);
}

export const ImportJobPayload = Type.Object({ importId: Type.Integer() });

export function importJob(deps: ImportDeps): JobDefinition<{ importId: number }> {
  return {
    kind: IMPORT_JOB,
    payload: ImportJobPayload,
    maxAttempts: 3,
    async run({ payload, progress, job }) {
      const { db } = deps;
      const [imp] = await db.select().from(imports).where(eq(imports.id, payload.importId));
      if (!imp) throw new PermanentJobError(`Import ${payload.importId} not found`);
      if (imp.state === 'done') return { importId: imp.id }; // finished before a crash lost the job's own completion
      await db.update(imports).set({ state: 'staging', error: null }).where(eq(imports.id, imp.id));
      try {
        const counts = await stageImport(deps, imp, (p) => progress({ importId: imp.id, ...p }));
        await db.update(imports).set({ state: 'merging', rowsRead: counts.rowsRead, rejected: counts.rejected }).where(eq(imports.id, imp.id));
        await progress({ importId: imp.id, phase: 'merging', percent: 99, ...counts });
        const done = await mergeImport(deps, imp, counts);
        // PGlite has no autovacuum: after a large load, refresh the planner's statistics (a
        // missed refresh only costs speed)
        if (deps.handle.kind === 'pglite' && done.added >= 10_000) await db.execute(sql`analyze contacts`).catch(() => {});
        return { importId: imp.id, rowsRead: done.rowsRead, added: done.added, updated: done.updated, duplicates: done.duplicates, rejected: done.rejected };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const final = job.attempts >= job.maxAttempts || err instanceof PermanentJobError;
        await db
          .update(imports)
          .set({ state: final ? 'failed' : 'queued', error: message })
          .where(eq(imports.id, imp.id));
        await db.delete(importRows).where(eq(importRows.importId, imp.id));
        throw err;
      }
    },
  };
}
