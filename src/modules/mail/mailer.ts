// The way out: one nodemailer SMTP transport per account. Injected (AppDeps.mailer) so the
// composition root and the tests decide how mail leaves; tests point accounts at a local sink.
import nodemailer, { type Transporter } from 'nodemailer';
import type { smtpAccounts } from '../../db/schema.ts';

export type SmtpAccount = typeof smtpAccounts.$inferSelect;

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer | string; contentType: string }[];
  /** fixed per idempotency key, so a receiver can spot a resend */
  messageId?: string;
}

export interface Mailer {
  send(account: SmtpAccount, mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }>;
  /** connects and authenticates without sending (the "test the account" button uses send instead) */
  verify(account: SmtpAccount): Promise<void>;
  close(): void;
}

/** A failure that sending again cannot fix (a recipient the server refuses, a bad address). */
export class PermanentMailError extends Error {}

export function smtpMailer(opts: { timeoutMs?: number } = {}): Mailer {
  const timeout = opts.timeoutMs ?? 15_000;
  // keyed by the account's id and version: an edited account gets a fresh transport
  const cache = new Map<string, Transporter>();
  const transportFor = (a: SmtpAccount) => {
    const key = `${a.id}:${a.updatedAt.getTime()}`;
    let t = cache.get(key);
    if (!t) {
      for (const [k, old] of cache) {
        if (!k.startsWith(`${a.id}:`)) continue;
        old.close();
        cache.delete(k);
      }
      t = nodemailer.createTransport({
        host: a.host,
        port: a.port,
        secure: a.security === 'tls',
        requireTLS: a.security === 'starttls',
        ignoreTLS: a.security === 'none',
        auth: a.username ? { user: a.username, pass: a.password ?? '' } : undefined,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout * 2,
      });
      cache.set(key, t);
    }
    return t;
  };
  return {
    async send(account, mail) {
      try {
        const info = await transportFor(account).sendMail({
          from: account.fromName ? { name: account.fromName, address: account.fromAddress } : account.fromAddress,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: mail.attachments,
          messageId: mail.messageId,
        });
        return { messageId: info.messageId, accepted: (info.accepted ?? []).map(String) };
      } catch (err) {
        throw classify(err);
      }
    },
    async verify(account) {
      try {
        await transportFor(account).verify();
      } catch (err) {
        throw classify(err);
      }
    },
    close() {
      for (const t of cache.values()) t.close();
      cache.clear();
    },
  };
}

/** 5xx answers (and nodemailer's envelope/address errors) are permanent; connection trouble and 4xx are not. */
function classify(err: unknown): Error {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const permanent = (e.responseCode !== undefined && e.responseCode >= 500) || e.code === 'EENVELOPE' || e.code === 'EADDRESS';
  if (permanent && e.code !== 'EAUTH') return new PermanentMailError(e.message ?? String(err));
  return err instanceof Error ? err : new Error(String(err));
}

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
export const isEmailAddress = (s: string) => s.length <= 254 && ADDRESS.test(s);

/** "a@x.pl, b@y.cz" → the addresses; throws PermanentMailError naming the first bad one. */
export function parseRecipients(list: string): string[] {
  const parts = list
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (!parts.length) throw new PermanentMailError('No recipient address');
  const bad = parts.find((p) => !isEmailAddress(p));
  if (bad) throw new PermanentMailError(`Not an e-mail address: "${bad}"`);
  return parts;
}
