// CB-2, CB-3: a missed caller becomes a callback case in the queue's callback campaign, is
// offered to one of the queue's agents in the campaign's order, is retried on busy / no answer,
// and is dropped when its time (counted from the missed call) runs out.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import type { Campaign } from '../campaigns/repo.ts';
import { campaignOpen, offerable } from '../cases/hopper.ts';
import { zoneSql } from '../cases/case-defaults.ts';
import type { CaseRow } from '../cases/transition.ts';
import type { DialOutcome } from '../statuses/types.ts';
import { callbackWindow, retryAfterUnanswered, settingsOf } from './callback-rules.ts';

/** The contact whose number the campaign dials (CP-7) is this one, or a new contact created for the caller. */
export async function contactForNumber(tx: Db, phone: string, column: Campaign['phoneColumn'], now: Date): Promise<number> {
  const [found] = await rows<{ id: string }>(tx, sql`select id from contacts where ${sql.raw(column)} = ${phone} order by id limit 1`);
  if (found) return Number(found.id);
  const [made] = await rows<{ id: string }>(
    tx,
    sql`insert into contacts (${sql.raw(column)}, ${sql.raw(`${column}_raw`)}, source, created_at, updated_at) values (${phone}, ${phone}, 'inbound', ${now}, ${now}) returning id`,
  );
  return Number(made.id);
}

export type CallbackResult = { kind: 'never_call' } | { kind: 'created' | 'reopened' | 'updated'; caseId: number };

/**
 * CB-2: one open callback per number and campaign. A new missed call creates it (or reopens the
 * number's finished one); a missed call while it is open moves its expiry to count from the
 * latest missed call and keeps its place. Numbers never to call back get nothing.
 */
export async function addCallback(
  tx: Db,
  input: { campaign: Campaign; queueId: number; phone: string; missedAt: Date; trigger: 'key' | 'hangup' },
): Promise<CallbackResult> {
  const { campaign, phone, missedAt } = input;
  const s = settingsOf(campaign);
  if (s.neverCallNumbers.includes(phone)) return { kind: 'never_call' };
  const { callableAt, expiresAt } = callbackWindow(missedAt, s);
  // one writer per number at a time: two missed calls of one caller never make two cases
  await tx.execute(sql`select pg_advisory_xact_lock(770006, hashtext(${phone}))`);
  const contactId = await contactForNumber(tx, phone, campaign.phoneColumn, missedAt);
  const [k] = await rows<{ id: string; open: boolean }>(
    tx,
    sql`select id, (released_at is null and queue <> 'closed') as open from cases where campaign_id = ${campaign.id} and contact_id = ${contactId} for update`,
  );
  const request = (caseId: number) =>
    sql`insert into callback_requests (case_id, campaign_id, queue_id, phone, first_missed_at, missed_at, expires_at, missed_calls, trigger)
      values (${caseId}, ${campaign.id}, ${input.queueId}, ${phone}, ${missedAt}, ${missedAt}, ${expiresAt}, 1, ${input.trigger})`;
  if (k?.open) {
    await tx.execute(
      sql`update callback_requests set missed_at = ${missedAt}, expires_at = greatest(expires_at, ${expiresAt}), missed_calls = missed_calls + 1 where case_id = ${k.id}`,
    );
    await event(tx, contactId, campaign.id, missedAt, input, 'updated');
    return { kind: 'updated', caseId: Number(k.id) };
  }
  const initial = callbackInitialStatus(campaign);
  let caseId: number;
  if (k) {
    caseId = Number(k.id);
    await tx.execute(
      sql`update cases set released_at = null, closed_at = null, closed_reason = null, queue = 'callback', callable_at = ${callableAt}, owner_id = null,
        attempts = 0, locked_by = null, locked_until = null, status_id = coalesce(${initial}, status_id), qualifier = null where id = ${caseId}`,
    );
    await tx.execute(sql`delete from callback_requests where case_id = ${caseId}`);
  } else {
    const [made] = await rows<{ id: string }>(
      tx,
      sql`insert into cases (campaign_id, contact_id, inbound, queue, callable_at, status_id, tz, created_at)
        select ${campaign.id}, c.id, true, 'callback', ${callableAt}, ${initial}, ${zoneSql(sql.raw(`c.${campaign.phoneColumn}`), campaign.timeZone)}, ${missedAt}
        from contacts c where c.id = ${contactId} returning id`,
    );
    caseId = Number(made.id);
  }
  await tx.execute(request(caseId));
  await event(tx, contactId, campaign.id, missedAt, input, k ? 'reopened' : 'created');
  return { kind: k ? 'reopened' : 'created', caseId };
}

/**
 * A callback starts in the process's initial status, or (dictionary statuses) in the campaign's
 * "to call" status: it is a number to call, and a wrap-up limit that runs out can keep it.
 */
export function callbackInitialStatus(campaign: Pick<Campaign, 'id' | 'processId'>) {
  return campaign.processId !== null
    ? sql`(select s.id from statuses s where s.process_id = ${campaign.processId}::int and s.initial and s.deleted_at is null order by s.id limit 1)`
    : sql`(select s.id from statuses s where s.system_status = 'to_call' and s.active and s.deleted_at is null
        and (s.campaign_id = ${campaign.id} or s.id in (select status_id from campaign_statuses where campaign_id = ${campaign.id})) order by s.id limit 1)`;
}

async function event(tx: Db, contactId: number, campaignId: number, at: Date, input: { queueId: number; trigger: string }, kind: string) {
  await tx.execute(
    sql`insert into contact_events (contact_id, at, kind, campaign_id, data) values (${contactId}, ${at}, 'missed_call', ${campaignId},
      ${JSON.stringify({ queueId: input.queueId, trigger: input.trigger, callback: kind })}::jsonb)`,
  );
}

/**
 * CB-3 after an attempt on a case of a callback campaign (called by transitionCase in the same
 * transaction): busy / no answer retries after the interval while retries remain and the callback
 * has not expired; a finished callback releases its case, so the number's next missed call
 * reopens it. A ticket's case (no callback request) is released after its one call.
 */
export async function afterCallbackAttempt(tx: Db, k: CaseRow, campaign: Campaign, outcome: DialOutcome, now: Date) {
  const [r] = await rows<{ expires_at: Date }>(tx, sql`select expires_at from callback_requests where case_id = ${k.id}`);
  const close = (reason: string | null) =>
    tx.execute(
      sql`update cases set queue = 'closed', callable_at = null, closed_at = coalesce(closed_at, ${now}), closed_reason = coalesce(closed_reason, ${reason}),
        released_at = ${now} where id = ${k.id}`,
    );
  if (!r) return k.inbound ? close('status') : undefined;
  if (k.closedAt) return close(null);
  if (outcome !== 'busy' && outcome !== 'no_answer') return;
  const next = retryAfterUnanswered(k.attempts, now, new Date(r.expires_at), settingsOf(campaign));
  if (next.again) await tx.execute(sql`update cases set queue = 'callback', callable_at = ${next.at}, owner_id = null where id = ${k.id}`);
  else await close(next.reason);
}

/** Closes the callbacks whose time ran out (reason "expired") with one history row each; cases an agent holds wait for their save. */
export async function expireCallbacks(db: Db, now: Date): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`with x as (
        update cases k set queue = 'closed', callable_at = null, closed_at = ${now}, closed_reason = 'expired', released_at = ${now}
        from callback_requests r where r.case_id = k.id and r.expires_at <= ${now} and k.released_at is null and k.locked_by is null and k.queue <> 'closed'
        returning k.id, k.campaign_id, k.status_id, k.qualifier),
      h as (insert into case_history (case_id, campaign_id, at, from_status_id, to_status_id, qualifier, queue, source, note)
        select id, campaign_id, ${now}, status_id, status_id, qualifier, 'closed', 'system', 'Callback expired' from x returning 1)
      select count(*)::int as n from h`,
  );
  return r[0].n;
}

/**
 * CB-3: the next callback for an agent, in the campaign's order, held by the agent: due, not
 * expired before the preview time is over, not a never-call number, and every outbound rule
 * (block list, working hours, the contact's local window).
 */
export async function claimCallback(
  db: Db,
  campaign: Campaign,
  agentId: number,
  opts: { now: Date; leaseMinutes: number; salt: number },
): Promise<number | null> {
  const { now } = opts;
  if (!campaignOpen(campaign, now)) return null;
  const s = settingsOf(campaign);
  const dialBy = new Date(now.getTime() + campaign.previewSeconds * 1000);
  const order =
    s.order === 'newest'
      ? sql`r.missed_at desc, k.id desc`
      : s.order === 'random'
        ? sql`md5(k.id::text || ${String(opts.salt)}), k.id`
        : sql`r.first_missed_at, k.id`;
  const never = `{${s.neverCallNumbers.map((n) => `"${n}"`).join(',')}}`;
  const until = new Date(now.getTime() + opts.leaseMinutes * 60_000);
  const r = await rows<{ id: string }>(
    db,
    sql`update cases set locked_by = ${agentId}, locked_until = ${until}
      where id = (select k.id from cases k join callback_requests r on r.case_id = k.id
        where k.campaign_id = ${campaign.id} and k.locked_by is null and k.released_at is null and k.queue not in ('closed', 'waiting')
          and (k.callable_at is null or k.callable_at <= ${now}) and (k.owner_id is null or k.owner_id = ${agentId})
          and r.expires_at > ${dialBy} and not (r.phone = any(${never}::text[])) and ${offerable(campaign, now)}
        order by ${order} limit 1 for update of k skip locked)
      returning id`,
  );
  return r[0] ? Number(r[0].id) : null;
}
