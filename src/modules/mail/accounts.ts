// SMTP accounts: stored with their password, shown without it (hasPassword). One may be the default.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
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

export async function deleteAccount(db: Db, id: number) {
  const gone = await db.delete(smtpAccounts).where(eq(smtpAccounts.id, id)).returning({ id: smtpAccounts.id });
  if (!gone.length) throw notFound('SMTP account');
}
