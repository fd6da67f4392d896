import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { desc, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { customFields, importGroups, imports } from '../../db/schema.ts';
import { currentUser, type App, IdParam, DateTime, NullableDateTime } from '../../http.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { delimiters, encodings } from './detect.ts';
import { type Mapping, suggestMapping, validateMapping } from './mapping.ts';
import { sniffCsv } from './read-csv.ts';
import { IMPORT_JOB } from './run-import.ts';
import { rows } from '../../db/query.ts';

const EncodingT = Type.Union(encodings.map((e) => Type.Literal(e)));
const DelimiterT = Type.Union(delimiters.map((d) => Type.Literal(d)));
const Policy = Type.Union([Type.Literal('skip'), Type.Literal('update'), Type.Literal('keep')], {
  description: 'what to do with a row whose phone is already known',
});

const ImportOut = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  fileSize: Type.Integer(),
  encoding: Type.String(),
  delimiter: Type.String(),
  hasHeader: Type.Boolean(),
  state: Type.String(),
  groupId: Type.Union([Type.Integer(), Type.Null()]),
  groupName: Type.Union([Type.String(), Type.Null()]),
  duplicatePolicy: Type.Union([Type.String(), Type.Null()]),
  jobId: Type.Union([Type.Integer(), Type.Null()]),
  rowsRead: Type.Integer(),
  added: Type.Integer(),
  updated: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime(),
  finishedAt: NullableDateTime(),
});
const Preview = Type.Object({
  encoding: Type.String(),
  delimiter: Type.String(),
  columnCount: Type.Integer(),
  rows: Type.Array(Type.Array(Type.String())),
  suggestedMapping: Type.Record(Type.String(), Type.String()),
});

export function importRoutes(app: App, deps: AppDeps) {
  const { db, clock, config, jobs, random } = deps;
  const tags = ['imports'];

  const importSelect = () =>
    db
      .select({
        id: imports.id,
        fileName: imports.fileName,
        fileSize: imports.fileSize,
        encoding: imports.encoding,
        delimiter: imports.delimiter,
        hasHeader: imports.hasHeader,
        state: imports.state,
        groupId: imports.groupId,
        groupName: importGroups.name,
        duplicatePolicy: imports.duplicatePolicy,
        jobId: imports.jobId,
        rowsRead: imports.rowsRead,
        added: imports.added,
        updated: imports.updated,
        duplicates: imports.duplicates,
        rejected: imports.rejected,
        error: imports.error,
        createdAt: imports.createdAt,
        finishedAt: imports.finishedAt,
        filePath: imports.filePath,
      })
      .from(imports)
      .leftJoin(importGroups, eq(importGroups.id, imports.groupId));

  async function findImport(id: number) {
    const [imp] = await importSelect().where(eq(imports.id, id));
    if (!imp) throw notFound('Import', 'id');
    return imp;
  }

  async function preview(filePath: string, override: { encoding?: (typeof encodings)[number]; delimiter?: (typeof delimiters)[number] } = {}) {
    const sniff = await sniffCsv(filePath, override);
    const fields = await db.select({ key: customFields.key, label: customFields.label }).from(customFields);
    const columnCount = Math.max(0, ...sniff.rows.map((r) => r.length));
    return {
      encoding: sniff.encoding,
      delimiter: sniff.delimiter,
      columnCount,
      rows: sniff.rows,
      suggestedMapping: suggestMapping(sniff.rows[0] ?? [], fields),
    };
  }

  app.post(
    '/api/imports',
    {
      config: { permission: 'contacts.import' },
      schema: {
        tags,
        summary: 'Upload a CSV file (multipart field "file"); returns the detected format, the first rows and a suggested mapping',
        consumes: ['multipart/form-data'],
        response: { 201: Type.Object({ import: ImportOut, preview: Preview }) },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data in the field "file"', { field: 'file' });
      const file = await req.file();
      if (!file) throw new AppError('validation_failed', 'No file uploaded', { field: 'file' });
      await fs.promises.mkdir(config.uploadDir, { recursive: true });
      const filePath = path.join(config.uploadDir, `${clock.now().getTime()}-${random.token(6)}.csv`);
      await pipeline(file.file, fs.createWriteStream(filePath));
      if (file.file.truncated) {
        await fs.promises.rm(filePath, { force: true });
        throw new AppError('payload_too_large', `The file is larger than ${config.uploadMaxBytes / 1024 / 1024} MB`, { field: 'file' });
      }
      const { size } = await fs.promises.stat(filePath);
      if (size === 0) {
        await fs.promises.rm(filePath, { force: true });
        throw new AppError('invalid_csv', 'The file is empty', { field: 'file' });
      }
      let p: Awaited<ReturnType<typeof preview>>;
      try {
        p = await preview(filePath);
      } catch (err) {
        await fs.promises.rm(filePath, { force: true });
        throw new AppError('invalid_csv', `The file could not be read as CSV: ${(err as Error).message}`, { field: 'file' });
      }
      const [created] = await db
        .insert(imports)
        .values({
          fileName: file.filename.slice(0, 255),
          filePath,
          fileSize: size,
          encoding: p.encoding,
          delimiter: p.delimiter,
          state: 'uploaded',
          createdBy: currentUser(req).id,
          createdAt: clock.now(),
        })
        .returning({ id: imports.id });
      return reply.code(201).send({ import: await findImport(created.id), preview: p });
    },
  );

  app.get(
    '/api/imports',
    { config: { permission: 'contacts.import' }, schema: { tags, summary: 'Recent imports', response: { 200: Type.Array(ImportOut) } } },
    async () => importSelect().orderBy(desc(imports.id)).limit(50),
  );

  app.get(
    '/api/imports/:id',
    { config: { permission: 'contacts.import' }, schema: { tags, summary: 'One import and its result', params: IdParam, response: { 200: ImportOut } } },
    async (req) => findImport(req.params.id),
  );

  app.get(
    '/api/imports/:id/preview',
    {
      config: { permission: 'contacts.import' },
      schema: {
        tags,
        summary: 'The first rows, with the detected or the given encoding and delimiter',
        params: IdParam,
        querystring: Type.Object({ encoding: Type.Optional(EncodingT), delimiter: Type.Optional(DelimiterT) }),
        response: { 200: Preview },
      },
    },
    async (req) => {
      const imp = await findImport(req.params.id);
      if (imp.state !== 'uploaded') throw new AppError('import_not_ready', 'This import has already started');
      return preview(imp.filePath, req.query);
    },
  );

  app.post(
    '/api/imports/:id/start',
    {
      config: { permission: 'contacts.import' },
      schema: {
        tags,
        summary: 'Start the import with a column mapping, an import group and a duplicate policy (runs as a job)',
        params: IdParam,
        body: Type.Object(
          {
            groupName: Type.String({ minLength: 1, maxLength: 200, description: 'named import group; an existing name adds to that group' }),
            mapping: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.String(), { description: 'column index → field (name, phone1, custom.<key>, …)' }),
            hasHeader: Type.Boolean(),
            duplicatePolicy: Policy,
            encoding: Type.Optional(EncodingT),
            delimiter: Type.Optional(DelimiterT),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ jobId: Type.Integer(), import: ImportOut }) },
      },
    },
    async (req, reply) => {
      const imp = await findImport(req.params.id);
      if (imp.state !== 'uploaded') throw new AppError('import_not_ready', 'This import has already started', { field: 'id' });
      const { groupName, hasHeader, duplicatePolicy } = req.body;
      const encoding = req.body.encoding ?? (imp.encoding as (typeof encodings)[number]);
      const delimiter = req.body.delimiter ?? (imp.delimiter as (typeof delimiters)[number]);
      const sniff = await sniffCsv(imp.filePath, { encoding, delimiter });
      const columnCount = Math.max(0, ...sniff.rows.map((r) => r.length));
      const customKeys = (await db.select({ key: customFields.key }).from(customFields)).map((f) => f.key);
      const mapping = req.body.mapping as Mapping;
      const problem = validateMapping(mapping, columnCount, customKeys);
      if (problem) throw new AppError('validation_failed', problem, { field: 'mapping' });
      const jobId = await db.transaction(async (tx) => {
        await tx.insert(importGroups).values({ name: groupName.trim(), createdAt: clock.now() }).onConflictDoNothing();
        const [group] = await tx.select().from(importGroups).where(eq(importGroups.name, groupName.trim()));
        const job = await jobs.enqueue(tx, IMPORT_JOB, { importId: imp.id }, { createdBy: currentUser(req).id, dedupeKey: `import:${imp.id}` });
        await tx
          .update(imports)
          .set({ groupId: group.id, mapping, hasHeader, duplicatePolicy, encoding, delimiter, state: 'queued', jobId: job.id })
          .where(eq(imports.id, imp.id));
        return job.id;
      });
      jobs.wake();
      return reply.code(202).send({ jobId, import: await findImport(imp.id) });
    },
  );

  app.get(
    '/api/imports/:id/report.csv',
    {
      config: { permission: 'contacts.import' },
      schema: { tags, summary: 'Rejected and duplicate rows: line, kind, reason, field, original row (CSV, UTF-8)', params: IdParam, produces: ['text/csv'] },
    },
    async (req, reply) => {
      const imp = await findImport(req.params.id);
      const esc = (v: string | number | null) => {
        const s = v === null ? '' : String(v);
        return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      };
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="import-${imp.id}-report.csv"`);
      async function* lines() {
        yield '\uFEFFline;kind;reason;field;row\n';
        let after = 0;
        for (;;) {
          const page = await rows<{ line: number; kind: string; reason: string; field: string | null; raw: string | null }>(
            db,
            sql`
            select line, kind, reason, field, raw from import_rejects where import_id = ${imp.id} and line > ${after} order by line limit 5000`,
          );
          if (!page.length) return;
          yield `${page.map((r) => [r.line, r.kind, r.reason, r.field, r.raw].map(esc).join(';')).join('\n')}\n`;
          after = Number(page[page.length - 1].line);
        }
      }
      return reply.send(Readable.from(lines()));
    },
  );

  app.get(
    '/api/import-groups',
    {
      config: { permission: 'contacts.read' },
      schema: {
        tags,
        summary: 'Import groups with their contact counts',
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), contacts: Type.Integer() })) },
      },
    },
    async () => {
      const r = await rows<{ id: number; name: string; contacts: string }>(
        db,
        sql`
        select g.id, g.name, (select count(*) from contacts c where c.import_group_id = g.id) as contacts from import_groups g order by g.name`,
      );
      return r.map((g) => ({ id: Number(g.id), name: g.name, contacts: Number(g.contacts) }));
    },
  );
}
