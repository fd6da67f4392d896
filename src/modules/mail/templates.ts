// E-mail templates (AC-1 "e-mail from a template", PR-6 report subject/intro): stored, checked for
// unknown placeholders at save, previewed against a case.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { mailTemplates } from '../../db/schema.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { loadCaseData } from './case-data.ts';
import { caseValues, renderTemplate, unknownPlaceholders } from './template.ts';

export type MailTemplate = typeof mailTemplates.$inferSelect;

export interface TemplateInput {
  name: string;
  accountId?: number | null;
  recipient?: string;
  subject: string;
  bodyText: string;
  bodyHtml?: string | null;
}

export const customFieldKeys = async (db: Db) => (await rows<{ key: string }>(db, sql`select key from custom_fields order by key`)).map((r) => r.key);

export async function listTemplates(db: Db) {
  return db.select().from(mailTemplates).orderBy(asc(mailTemplates.name));
}

export async function getTemplate(db: Db, id: number): Promise<MailTemplate> {
  const [t] = await db.select().from(mailTemplates).where(eq(mailTemplates.id, id));
  if (!t) throw notFound('Template', 'templateId');
  return t;
}

export async function saveTemplate(db: Db, id: number | null, input: TemplateInput, now: Date): Promise<MailTemplate> {
  const values = {
    name: input.name.trim(),
    accountId: input.accountId ?? null,
    recipient: input.recipient?.trim() || '{{contact.email}}',
    subject: input.subject,
    bodyText: input.bodyText,
    bodyHtml: input.bodyHtml?.trim() ? input.bodyHtml : null,
    updatedAt: now,
  };
  const keys = await customFieldKeys(db);
  for (const field of ['recipient', 'subject', 'bodyText', 'bodyHtml'] as const) {
    const unknown = unknownPlaceholders([values[field] ?? ''], keys);
    if (unknown.length)
      throw new AppError('validation_failed', `Unknown placeholder${unknown.length > 1 ? 's' : ''}: ${unknown.map((u) => `{{${u}}}`).join(', ')}`, {
        field,
        details: { unknown },
      });
  }
  if (values.accountId !== null) {
    const acc = await rows(db, sql`select 1 from smtp_accounts where id = ${values.accountId}`);
    if (!acc.length) throw notFound('SMTP account', 'accountId');
  }
  const taken = await db
    .select({ id: mailTemplates.id })
    .from(mailTemplates)
    .where(sql`name = ${values.name} and id <> ${id ?? 0}`);
  if (taken.length) throw new AppError('conflict', `A template named "${values.name}" exists`, { field: 'name' });
  if (id === null) {
    const [t] = await db
      .insert(mailTemplates)
      .values({ ...values, createdAt: now })
      .returning();
    return t;
  }
  const [t] = await db.update(mailTemplates).set(values).where(eq(mailTemplates.id, id)).returning();
  if (!t) throw notFound('Template');
  return t;
}

export async function deleteTemplate(db: Db, id: number) {
  // AC-1: a status's "e-mail from a template" action names it by id; deleting it would make every
  // such action fail at run time, so the process (or a waiting action) must let go of it first
  const action = JSON.stringify([{ kind: 'email_template', param: String(id) }]);
  const [user] = await rows<{ process: string; status: string }>(
    db,
    sql`select p.name as process, s.name as status from statuses s join processes p on p.id = s.process_id
      where s.deleted_at is null and s.exits->'actions' @> ${action}::jsonb order by p.id, s.id limit 1`,
  );
  if (user) throw new AppError('conflict', `The status "${user.status}" of the process "${user.process}" sends this template`);
  const waiting = await rows<{ id: string }>(
    db,
    sql`select id from case_actions where kind = 'email_template' and param = ${String(id)} and state in ('queued', 'running') limit 1`,
  );
  if (waiting.length) throw new AppError('conflict', 'Automatic actions waiting to run send this template');
  const gone = await db.delete(mailTemplates).where(eq(mailTemplates.id, id)).returning({ id: mailTemplates.id });
  if (!gone.length) throw notFound('Template');
}

/** The template as the case would receive it. */
export async function previewTemplate(db: Db, templateId: number, caseId: number) {
  const t = await getTemplate(db, templateId);
  return renderTemplate(t, caseValues(await loadCaseData(db, caseId)));
}
