// SMTP accounts: stored with their password, shown without it (hasPassword). One may be the default.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { smtpAccounts } from '../../db/schema.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { SmtpAccount } from './mailer.ts';

export interface AccountInput {
  name: string;
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username?: string | null;
  /** absent on update = keep the stored one; null or '' = remove it */
  password?: string | null;
  fromAddress: string;
  fromName?: string;
  isDefault?: boolean;
}

export function publicAccount(a: SmtpAccount) {
  const { password, ...rest } = a;
  return { ...rest, hasPassword: !!password };
}

export async function listAccounts(db: Db) {
  return (await db.select().from(smtpAccounts).orderBy(asc(smtpAccounts.name))).map(publicAccount);
}

export async function getAccount(db: Db, id: number): Promise<SmtpAccount> {
  const [a] = await db.select().from(smtpAccounts).where(eq(smtpAccounts.id, id));
  if (!a) throw notFound('SMTP account', 'accountId');
  return a;
}

/** The account a mail goes through: the one named, else the default. */
export async function accountFor(db: Db, id: number | null | undefined): Promise<SmtpAccount | undefined> {
  if (id) {
    const [a] = await db.select().from(smtpAccounts).where(eq(smtpAccounts.id, id));
    if (a) return a;
  }
  const [d] = await db.select().from(smtpAccounts).where(eq(smtpAccounts.isDefault, true));
  return d;
}

export async function saveAccount(db: Db, id: number | null, input: AccountInput, now: Date): Promise<SmtpAccount> {
  return db.transaction(async (tx) => {
    // with no default yet, a new account becomes it: mail without a named account needs one
    const noDefault = id === null && (await tx.select({ id: smtpAccounts.id }).from(smtpAccounts).where(eq(smtpAccounts.isDefault, true))).length === 0;
    const isDefault = noDefault ? true : input.isDefault;
    if (isDefault)
      await tx
        .update(smtpAccounts)
        .set({ isDefault: false })
        .where(sql`is_default and id <> ${id ?? 0}`);
    const values = {
      name: input.name.trim(),
      host: input.host.trim(),
      port: input.port,
      security: input.security,
      username: input.username?.trim() || null,
      fromAddress: input.fromAddress.trim(),
      fromName: input.fromName?.trim() ?? '',
      ...(isDefault !== undefined && { isDefault }),
      ...(input.password !== undefined && { password: input.password || null }),
      updatedAt: now,
    };
    const taken = await tx
      .select({ id: smtpAccounts.id })
      .from(smtpAccounts)
      .where(sql`name = ${values.name} and id <> ${id ?? 0}`);
    if (taken.length) throw new AppError('conflict', `An SMTP account named "${values.name}" exists`, { field: 'name' });
    if (id === null) {
      const [a] = await tx
        .insert(smtpAccounts)
        .values({ ...values, isDefault: isDefault ?? false, createdAt: now })
        .returning();
      return a;
    }
    const [a] = await tx.update(smtpAccounts).set(values).where(eq(smtpAccounts.id, id)).returning();
    if (!a) throw notFound('SMTP account');
    return a;
  });
}

const emailActionKinds = ['email_case', 'email_case_xml', 'email_template'];

/**
 * Who still sends through the account, in words, or null. Templates and report schedules name
 * an account (deleting it would quietly switch them to the default); the default account is
 * also the one every e-mail action and every template or schedule without an account uses.
 */
async function accountUser(db: Db, a: { id: number; isDefault: boolean }): Promise<string | null> {
  const account = a.isDefault ? sql`(account_id = ${a.id} or account_id is null)` : sql`account_id = ${a.id}`;
  const [template] = await rows<{ name: string }>(db, sql`select name from mail_templates where account_id = ${a.id} order by id limit 1`);
  if (template) return `The template "${template.name}" sends through this account`;
  const [schedule] = await rows<{ name: string; process: string }>(
    db,
    sql`select r.name, p.name as process from report_schedules r join processes p on p.id = r.process_id where ${account} order by r.id limit 1`,
  );
  if (schedule) return `The report "${schedule.name}" of the process "${schedule.process}" is sent through this account`;
  if (!a.isDefault) return null;
  const [status] = await rows<{ status: string; process: string }>(
    db,
    sql`select s.name as status, p.name as process from statuses s join processes p on p.id = s.process_id
      where s.deleted_at is null and exists (select 1 from jsonb_array_elements(coalesce(s.exits->'actions', '[]'::jsonb)) as e(action)
        where e.action->>'kind' = any(${`{${emailActionKinds.join(',')}}`}::text[]))
      order by p.id, s.id limit 1`,
  );
  if (status) return `This is the default account, and the status "${status.status}" of the process "${status.process}" sends e-mail`;
  const waiting = await rows(
    db,
    sql`select 1 from case_actions where kind = any(${`{${emailActionKinds.join(',')}}`}::text[]) and state in ('queued', 'running') limit 1`,
  );
  if (waiting.length) return 'This is the default account, and automatic e-mail actions are waiting to run';
  return null;
}

/** Refused (409, naming the user) while a template, a report schedule or, for the default, e-mail actions use it. */
export async function deleteAccount(db: Db, id: number) {
  await db.transaction(async (tx) => {
    const [a] = await tx.select({ id: smtpAccounts.id, isDefault: smtpAccounts.isDefault }).from(smtpAccounts).where(eq(smtpAccounts.id, id)).for('update');
    if (!a) throw notFound('SMTP account');
    const user = await accountUser(tx, a);
    if (user) throw new AppError('conflict', `${user}; change that first`);
    await tx.delete(smtpAccounts).where(eq(smtpAccounts.id, id));
  });
}
