// Sending with a log row per idempotency key: a retried action or a report slot run twice finds
// the row "sent" and sends nothing. A crash between the SMTP answer and the "sent" update can
// resend once; the Message-ID is fixed per key so the receiving side sees the same message.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mailLog } from '../../db/schema.ts';
import { type Mailer, type OutgoingMail, PermanentMailError, type SmtpAccount } from './mailer.ts';

export interface SendResult {
  messageId: string;
  /** true when an earlier run already sent it (nothing was sent now) */
  alreadySent: boolean;
}

export async function sendLogged(
  deps: { db: Db; mailer: Mailer; now: () => Date },
  input: { idempotencyKey: string; account: SmtpAccount | undefined; mail: OutgoingMail; caseId?: number | null },
): Promise<SendResult> {
  const { db } = deps;
  const { account, mail } = input;
  if (!account) throw new PermanentMailError('No SMTP account: add one (or mark one as default) under E-mail');
  const [prior] = await db.select().from(mailLog).where(eq(mailLog.idempotencyKey, input.idempotencyKey));
  if (prior?.state === 'sent') return { messageId: prior.messageId ?? '', alreadySent: true };
  const domain = account.fromAddress.split('@')[1] ?? 'parley.local';
  const messageId = `<${createHash('sha256').update(input.idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
  const row = { accountId: account.id, recipient: mail.to.join(', '), subject: mail.subject, caseId: input.caseId ?? null };
  if (prior)
    await db
      .update(mailLog)
      .set({ ...row, state: 'sending', error: null })
      .where(eq(mailLog.id, prior.id));
  else
    await db
      .insert(mailLog)
      .values({ ...row, idempotencyKey: input.idempotencyKey, state: 'sending', messageId, createdAt: deps.now() })
      .onConflictDoNothing();
  try {
    const info = await deps.mailer.send(account, { ...mail, messageId });
    await db
      .update(mailLog)
      .set({ state: 'sent', messageId: info.messageId || messageId, sentAt: deps.now(), error: null })
      .where(eq(mailLog.idempotencyKey, input.idempotencyKey));
    return { messageId: info.messageId || messageId, alreadySent: false };
  } catch (err) {
    await db
      .update(mailLog)
      .set({ state: 'failed', error: String((err as Error).message ?? err).slice(0, 2000) })
      .where(sql`${mailLog.idempotencyKey} = ${input.idempotencyKey}`);
    throw err;
  }
}

export async function recentMail(db: Db, limit = 200) {
  return db.select().from(mailLog).orderBy(sql`id desc`).limit(limit);
}
