// The calls table: one row per dial, written when it is placed and when it ends; live progress
// (ringing, waiting for an agent) stays in the dialer's memory.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArray, rows } from '../../db/query.ts';
import type { Campaign } from '../campaigns/repo.ts';

export interface NewCall {
  campaignId: number;
  caseId: number;
  mode: 'preview' | 'progressive' | 'predictive';
  agentId: number | null;
  callerId: string | null;
}

export interface PlacedCall extends NewCall {
  id: number;
  contactId: number;
  phone: string;
  dialedAt: Date;
}

/**
 * Inserts the calls of claimed cases with the number each dials (CP-7), re-checking in the same
 * statement that the number is still dialable (not blocked since the claim). Cases that fail
 * the check get no call and are returned in `dropped`.
 */
export async function insertCalls(db: Db, campaign: Campaign, list: NewCall[], owner: string, now: Date): Promise<{ placed: PlacedCall[]; dropped: number[] }> {
  if (!list.length) return { placed: [], dropped: [] };
  const phone = campaign.phoneColumn === 'phone2' ? sql`ct.phone2` : sql`ct.phone1`;
  const values = sql.join(
    list.map((c) => sql`(${c.caseId}::bigint, ${c.mode}::text, ${c.agentId}::int, ${c.callerId}::text)`),
    sql`, `,
  );
  const r = await rows<{ id: string; case_id: string; contact_id: string; phone: string }>(
    db,
    sql`insert into calls (campaign_id, case_id, contact_id, mode, agent_id, phone, caller_id, owner, state, dialed_at)
      select ${campaign.id}, v.case_id, k.contact_id, v.mode, v.agent_id, ${phone}, v.caller_id, ${owner}, 'trying', ${now}
      from (values ${values}) as v(case_id, mode, agent_id, caller_id)
      join cases k on k.id = v.case_id join contacts ct on ct.id = k.contact_id
      where not ct.blocked and ${phone} is not null and not exists (select 1 from blocked_numbers b where b.phone = ${phone})
      returning id, case_id, contact_id, phone`,
  );
  const byCase = new Map(r.map((x) => [Number(x.case_id), x]));
  const placed: PlacedCall[] = [];
  const dropped: number[] = [];
  for (const c of list) {
    const x = byCase.get(c.caseId);
    if (x) placed.push({ ...c, id: Number(x.id), contactId: Number(x.contact_id), phone: x.phone, dialedAt: now });
    else dropped.push(c.caseId);
  }
  return { placed, dropped };
}

/**
 * A predictive claim and its calls in one statement: each case `claim` returns (claimTierSql) gets
 * a call, its number re-checked as in insertCalls, with `callerIds[i]` for the i-th case by id.
 * A case whose number was blocked since the claim comes back with no call.
 */
export async function claimAndInsertCalls(
  db: Db,
  campaign: Campaign,
  claim: SQL,
  callerIds: (string | null)[],
  owner: string,
  now: Date,
): Promise<{ raw: Record<string, unknown>; call: PlacedCall | null }[]> {
  const phone = campaign.phoneColumn === 'phone2' ? sql`ct.phone2` : sql`ct.phone1`;
  const ids = callerIds.filter((x): x is string => x !== null);
  const callerId = ids.length === callerIds.length && ids.length ? sql`(${pgArray(ids)}::text[])[k.n]` : sql`null::text`;
  const r = await rows<Record<string, unknown> & { id: string; contact_id: string; call_id: string | null; call_phone: string; caller_id: string | null }>(
    db,
    sql`with claimed as (${claim}),
      numbered as (select k.*, row_number() over (order by k.id) as n from claimed k),
      placed as (
        insert into calls (campaign_id, case_id, contact_id, mode, agent_id, phone, caller_id, owner, state, dialed_at)
        select ${campaign.id}, k.id, k.contact_id, 'predictive', null, ${phone}, ${callerId}, ${owner}, 'trying', ${now}
        from numbered k join contacts ct on ct.id = k.contact_id
        where not ct.blocked and ${phone} is not null and not exists (select 1 from blocked_numbers b where b.phone = ${phone})
        returning id, case_id, phone, caller_id)
      select k.*, p.id as call_id, p.phone as call_phone, p.caller_id as call_caller_id from numbered k left join placed p on p.case_id = k.id order by k.n`,
  );
  return r.map((x) => ({
    raw: x,
    call:
      x.call_id === null
        ? null
        : {
            campaignId: campaign.id,
            caseId: Number(x.id),
            mode: 'predictive',
            agentId: null,
            callerId: (x.call_caller_id as string | null) ?? null,
            id: Number(x.call_id),
            contactId: Number(x.contact_id),
            phone: x.call_phone,
            dialedAt: now,
          },
  }));
}

export async function updateCall(db: Db, id: number, set: SQL) {
  await db.execute(sql`update calls set ${set} where id = ${id}`);
}

export function windowStart(window: Campaign['abandonWindow'], now: Date): Date | null {
  if (window === '24h') return new Date(now.getTime() - 86_400_000);
  if (window === '30d') return new Date(now.getTime() - 30 * 86_400_000);
  return null;
}

/** DL-3: live answers and abandoned calls of a campaign since `from` (null = its lifetime). */
export async function abandonCounts(db: Db, campaignId: number, from: Date | null): Promise<{ liveAnswers: number; abandoned: number }> {
  const [r] = await rows<{ live: number; abandoned: number }>(
    db,
    sql`select count(*)::int as live, count(*) filter (where abandoned)::int as abandoned
      from calls where campaign_id = ${campaignId} and human and answered_at is not null ${from ? sql`and answered_at >= ${from}` : sql``}`,
  );
  return { liveAnswers: r.live, abandoned: r.abandoned };
}

/** Calls left open by a process that is gone (or by this one before a crash). */
export async function openCalls(db: Db, except: string | null) {
  return rows<{ id: string; case_id: string; campaign_id: number; agent_id: number | null; connected_at: Date | null; owner: string }>(
    db,
    sql`select id, case_id, campaign_id, agent_id, connected_at, owner from calls where ended_at is null ${except ? sql`and owner <> ${except}` : sql``} order by id`,
  );
}
