// PR-4e: an inbound e-mail from a contact. The sender is matched to a contact by address
// (case-insensitive), the mail goes on the contact's timeline, and every active case of that
// contact whose status has an "inbound e-mail" exit moves to that status as a system change.
// Mail from unknown senders is kept (and listed) rather than refused.
import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { inboundMails, statuses } from '../../db/schema.ts';
import type { EventBus } from '../../shared/events.ts';
import { getCampaign } from '../campaigns/repo.ts';
import { lockCase, transitionCase } from '../cases/transition.ts';
import { addTimeline } from '../contacts/repo.ts';
import { exitTarget, exitsOf } from '../processes/repo.ts';
import { campaignStatusRows } from '../statuses/repo.ts';
import { isEmailAddress } from './mailer.ts';

export interface InboundMail {
  via: 'smtp' | 'webhook';
  from: string;
  to?: string;
  subject?: string;
  text?: string;
  messageId?: string | null;
}

export interface InboundResult {
  id: number;
  contactId: number | null;
  casesChanged: number[];
  /** the Message-ID was seen before: nothing was recorded or changed */
  duplicate?: boolean;
}

/** "Jan Kowalski <Jan@Example.pl>" → "jan@example.pl"; undefined when there is no address in it. */
export function senderAddress(from: string): string | undefined {
  const inAngles = /<([^<>\s]+)>/.exec(from)?.[1];
  const candidate = (inAngles ?? from).trim().toLowerCase();
  return isEmailAddress(candidate) ? candidate : undefined;
}

const TIMELINE_TEXT_CHARS = 2000;
const STORED_TEXT_CHARS = 100_000;

export async function receiveInboundMail(deps: { db: Database; events: EventBus }, mail: InboundMail, now: Date): Promise<InboundResult> {
  const from = senderAddress(mail.from);
  if (!from) throw new Error(`No sender address in "${mail.from}"`);
  const subject = (mail.subject ?? '')
    .replace(/[\r\n]+/g, ' ')
    .trim()
    .slice(0, 500);
  const text = (mail.text ?? '').slice(0, STORED_TEXT_CHARS);
  const changedCampaigns = new Set<number>();
  const result = await deps.db.transaction(async (tx) => {
    // prefer a contact some campaign holds now; then the oldest
    const [contact] = await rows<{ id: string }>(
      tx,
      sql`select ct.id from contacts ct where lower(ct.email) = ${from}
        order by exists (select 1 from cases k where k.contact_id = ct.id and k.released_at is null) desc, ct.id limit 1`,
    );
    const contactId = contact ? Number(contact.id) : null;
    const messageId = mail.messageId?.trim().slice(0, 1000) || null;
    const [row] = await tx
      .insert(inboundMails)
      .values({ receivedAt: now, via: mail.via, fromAddress: from, toAddress: (mail.to ?? '').slice(0, 1000), subject, text, messageId, contactId })
      .onConflictDoNothing()
      .returning({ id: inboundMails.id });
    if (!row) {
      // the same message delivered again: already recorded and applied
      const [seen] = await tx
        .select()
        .from(inboundMails)
        .where(eq(inboundMails.messageId, messageId as string));
      return { id: seen.id, contactId: seen.contactId, casesChanged: [], duplicate: true };
    }
    if (contactId === null) return { id: row.id, contactId, casesChanged: [] };
    await addTimeline(tx, { contactId, at: now, kind: 'email_in', data: { inboundMailId: row.id, from, subject, text: text.slice(0, TIMELINE_TEXT_CHARS) } });

    const changed: number[] = [];
    const candidates = await rows<{ id: string; campaign_id: number; status_id: number }>(
      tx,
      sql`select id, campaign_id, status_id from cases where contact_id = ${contactId} and released_at is null and status_id is not null order by id`,
    );
    for (const cand of candidates) {
      const [current] = await tx.select().from(statuses).where(eq(statuses.id, cand.status_id));
      const key = current ? exitsOf(current).event?.inboundEmail : null;
      if (!key) continue;
      const campaign = await getCampaign(tx, cand.campaign_id);
      const all = await campaignStatusRows(tx, campaign.id, campaign);
      const target = exitTarget(all, key);
      if (!target) continue;
      const c = await lockCase(tx, Number(cand.id));
      if (c.statusId !== cand.status_id) continue; // changed since we read it
      await transitionCase(tx, c, { campaign, status: target, statuses: all, actorId: null, source: 'system', note: `inbound e-mail: ${subject}`, now });
      changed.push(c.id);
      changedCampaigns.add(campaign.id);
    }
    if (changed.length) await tx.update(inboundMails).set({ casesChanged: changed.length }).where(eq(inboundMails.id, row.id));
    return { id: row.id, contactId, casesChanged: changed };
  });
  for (const campaignId of changedCampaigns) deps.events.publish({ type: 'campaign.changed', userId: null, campaignId });
  return result;
}

export async function listInbound(db: Database, opts: { unmatched?: boolean; limit?: number } = {}) {
  return db
    .select()
    .from(inboundMails)
    .where(opts.unmatched ? sql`contact_id is null` : undefined)
    .orderBy(desc(inboundMails.id))
    .limit(opts.limit ?? 200);
}
