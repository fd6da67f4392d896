// CB-5: a queue in ticket mode turns a missed call into a ticket "Missed call from number
// %number%" (subject editable per queue). An agent of the queue opens it and calls back with one
// click — through the same preview dial path as any case, so every outbound rule still holds —
// then closes it.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { getAgentState, publishAgent, type WorkDeps } from '../agents/work.ts';
import { getCampaign } from '../campaigns/repo.ts';
import { campaignOpen, offerable } from '../cases/hopper.ts';
import { zoneSql } from '../cases/case-defaults.ts';
import { callbackInitialStatus, contactForNumber } from './callbacks.ts';
import { ticketSubject } from './callback-rules.ts';

/** One open ticket per number and queue: a second missed call counts on it. */
export async function upsertTicket(tx: Db, q: { id: number; ticketSubject: string }, phone: string, missedAt: Date): Promise<number> {
  const [t] = await rows<{ id: number }>(
    tx,
    sql`insert into tickets (queue_id, phone, contact_id, subject, missed_at, created_at)
      values (${q.id}, ${phone}, (select id from contacts where phone1 = ${phone} order by id limit 1), ${ticketSubject(q.ticketSubject, phone)}, ${missedAt}, ${missedAt})
      on conflict (queue_id, phone) where state = 'open' do update set missed_at = excluded.missed_at, missed_calls = tickets.missed_calls + 1
      returning id`,
  );
  return t.id;
}

const memberQueues = (userId: number) => sql`(select queue_id from inbound_queue_agents where user_id = ${userId}
  union select g.queue_id from inbound_queue_groups g join agent_group_members m on m.group_id = g.group_id where m.user_id = ${userId})`;

export interface TicketRow {
  id: number;
  queueId: number;
  queueName: string;
  phone: string;
  subject: string;
  state: string;
  missedAt: Date;
  missedCalls: number;
  caseId: number | null;
  canCall: boolean;
}

/** The tickets of the agent's queues (open first, newest first). */
export async function agentTickets(db: Db, userId: number, state: 'open' | 'closed' | 'all'): Promise<TicketRow[]> {
  const r = await rows<Record<string, unknown>>(
    db,
    sql`select t.id, t.queue_id, q.name as queue_name, t.phone, t.subject, t.state, t.missed_at, t.missed_calls, t.case_id,
        (q.callback_campaign_id is not null) as can_call
      from tickets t join inbound_queues q on q.id = t.queue_id
      where t.queue_id in ${memberQueues(userId)} ${state === 'all' ? sql`` : sql`and t.state = ${state}`}
      order by (t.state = 'open') desc, t.missed_at desc limit 500`,
  );
  return r.map((x) => ({
    id: Number(x.id),
    queueId: Number(x.queue_id),
    queueName: String(x.queue_name),
    phone: String(x.phone),
    subject: String(x.subject),
    state: String(x.state),
    missedAt: new Date(x.missed_at as string),
    missedCalls: Number(x.missed_calls),
    caseId: x.case_id === null ? null : Number(x.case_id),
    canCall: Boolean(x.can_call),
  }));
}

async function ticketOf(db: Db, userId: number, ticketId: number) {
  const [t] = await rows<{ id: number; queue_id: number; phone: string; state: string; callback_campaign_id: number | null }>(
    db,
    sql`select t.id, t.queue_id, t.phone, t.state, q.callback_campaign_id from tickets t join inbound_queues q on q.id = t.queue_id
      where t.id = ${ticketId} and t.queue_id in ${memberQueues(userId)}`,
  );
  if (!t) throw notFound('Ticket');
  return t;
}

/**
 * One click: the ticket's number becomes the agent's case in preview (in the queue's campaign,
 * checked like any offered case) and the dialer is asked to dial it at once.
 */
export async function callBackFromTicket(deps: WorkDeps, userId: number, ticketId: number, now: Date) {
  const { db } = deps;
  const t = await ticketOf(db, userId, ticketId);
  if (t.state !== 'open') throw new AppError('invalid_transition', 'The ticket is closed');
  if (t.callback_campaign_id === null)
    throw new AppError('campaign_not_ready', "The queue names no campaign to call back through: set one in the queue's settings");
  const s = await getAgentState(db, userId, now);
  if (s.state !== 'ready' && s.state !== 'paused') throw new AppError('invalid_transition', 'Finish your current case or call first');
  const campaign = await getCampaign(db, t.callback_campaign_id);
  if (!campaignOpen(campaign, now)) throw new AppError('campaign_not_ready', `Campaign ${campaign.id} is not running or outside its working hours now`);
  const caseId = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(770006, hashtext(${t.phone}))`);
    const contactId = await contactForNumber(tx, t.phone, campaign.phoneColumn, now);
    const until = new Date(now.getTime() + deps.leaseMinutes * 60_000);
    const [k] = await rows<{ id: string; locked_by: number | null; open: boolean }>(
      tx,
      sql`insert into cases (campaign_id, contact_id, inbound, queue, callable_at, status_id, tz, created_at)
        select ${campaign.id}, c.id, true, 'callback', ${now}, ${callbackInitialStatus(campaign)}, ${zoneSql(sql.raw(`c.${campaign.phoneColumn}`), campaign.timeZone)}, ${now}
        from contacts c where c.id = ${contactId}
        on conflict (campaign_id, contact_id) do update set campaign_id = excluded.campaign_id
        returning id, locked_by, (released_at is null and queue <> 'closed') as open`,
    );
    if (k.locked_by !== null && k.locked_by !== userId) throw new AppError('case_locked', 'Another agent is calling this number now');
    // a finished case of the number starts again for this call
    await tx.execute(
      sql`update cases set released_at = null, closed_at = null, closed_reason = null, queue = 'callback', callable_at = ${now}, owner_id = null where id = ${k.id} and not ${k.open}`,
    );
    const [held] = await rows<{ id: string }>(
      tx,
      sql`update cases k set locked_by = ${userId}, locked_until = ${until} where k.id = ${k.id} and ${offerable(campaign, now)} returning k.id`,
    );
    if (!held) throw new AppError('campaign_not_ready', 'The number may not be called now (blocked, or outside the contact’s permitted hours)');
    await tx.execute(sql`update tickets set case_id = ${k.id}, opened_by = ${userId} where id = ${t.id}`);
    return Number(k.id);
  });
  const [a] = await rows<{ user_id: number }>(
    db,
    sql`update agent_states set state = 'preview', since = ${now}, current_case_id = ${caseId} where user_id = ${userId} and state in ('ready', 'paused') returning *`,
  );
  if (!a) {
    await db.execute(sql`update cases set locked_by = null, locked_until = null where id = ${caseId} and locked_by = ${userId}`);
    throw new AppError('invalid_transition', 'Your state changed: try again');
  }
  publishAgent(deps.events, await getAgentState(db, userId, now));
  deps.events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'dial', agentId: userId } });
  return { caseId };
}

export async function closeTicket(db: Db, userId: number, ticketId: number, now: Date) {
  const t = await ticketOf(db, userId, ticketId);
  if (t.state !== 'open') throw new AppError('invalid_transition', 'The ticket is closed already');
  await db.execute(sql`update tickets set state = 'closed', closed_at = ${now}, closed_by = ${userId} where id = ${t.id}`);
}
