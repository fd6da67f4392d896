// "Why is this case not dialable?" — one ordered list of conditions, used both for one case (all
// that hold, with details) and for a campaign's breakdown (the first that holds, counted). The
// hopper's own conditions (hopper.ts) are the same ones, so the answer cannot disagree with it.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { notFound } from '../../shared/errors.ts';
import { type Campaign, getCampaign } from '../campaigns/repo.ts';
import { nextOpening, type WeeklyHours, withinWeeklyHours } from '../campaigns/hours.ts';
import { dialedPhone, insideLocalWindow } from './hopper.ts';

export const caseReasons = [
  'released',
  'deleted',
  'attempts_exhausted',
  'closed',
  'waiting',
  'blocked',
  'blocked_number',
  'no_phone',
  'locked',
  'private_callback_later',
  'callback_later',
  'retry_later',
  'end_of_queue_later',
  'outside_local_hours',
  'private_callback_due',
  'end_of_queue',
] as const;
export type CaseReason = (typeof caseReasons)[number];

export const campaignReasons = ['campaign_not_running', 'campaign_not_started', 'campaign_expired', 'outside_working_hours'] as const;
export type CampaignReason = (typeof campaignReasons)[number];

/** Conditions over the case `k` joined with its contact `ct`; informative ones (end_of_queue, private_callback_due) do not block. */
function conditions(c: Campaign, now: Date): [CaseReason, SQL][] {
  const phone = dialedPhone(c);
  return [
    ['released', sql`k.released_at is not null and k.closed_reason is distinct from 'deleted'`],
    ['deleted', sql`k.closed_reason = 'deleted'`],
    ['attempts_exhausted', sql`k.queue = 'closed' and k.closed_reason = 'attempts_exhausted'`],
    ['closed', sql`k.queue = 'closed'`],
    ['waiting', sql`k.queue = 'waiting'`],
    ['blocked', sql`ct.blocked`],
    ['blocked_number', sql`exists (select 1 from blocked_numbers b where b.phone = ${phone})`],
    ['no_phone', sql`${phone} is null`],
    ['locked', sql`k.locked_by is not null`],
    ['private_callback_later', sql`k.queue = 'callback' and k.owner_id is not null and k.callable_at > ${now}`],
    ['callback_later', sql`k.queue = 'callback' and k.owner_id is null and k.callable_at > ${now}`],
    ['retry_later', sql`k.queue in ('retry', 'progressive') and k.callable_at > ${now}`],
    ['end_of_queue_later', sql`k.queue = 'end_of_queue' and k.callable_at > ${now}`],
    ['outside_local_hours', sql`not ${insideLocalWindow(c, now)}`],
    ['private_callback_due', sql`k.queue = 'callback' and k.owner_id is not null`],
    ['end_of_queue', sql`k.queue = 'end_of_queue'`],
  ];
}

const informative: ReadonlySet<CaseReason> = new Set(['private_callback_due', 'end_of_queue']);

/** What keeps the whole campaign from handing out cases now. */
export function campaignBlockers(c: Campaign, now: Date): { code: CampaignReason; message: string; at?: Date | null }[] {
  const out: { code: CampaignReason; message: string; at?: Date | null }[] = [];
  if (c.state !== 'running') out.push({ code: 'campaign_not_running', message: `The campaign is ${c.state}` });
  if (c.validFrom && now < c.validFrom)
    out.push({ code: 'campaign_not_started', message: `The campaign starts at ${c.validFrom.toISOString()}`, at: c.validFrom });
  if (c.validTo && now >= c.validTo) out.push({ code: 'campaign_expired', message: `The campaign expired at ${c.validTo.toISOString()}`, at: c.validTo });
  const hours = c.workingHours as WeeklyHours;
  if (!withinWeeklyHours(hours, c.timeZone, now)) {
    const at = nextOpening(hours, c.timeZone, now);
    out.push({
      code: 'outside_working_hours',
      message: at ? `Outside working hours; next opening ${at.toISOString()}` : 'The campaign has no working hours',
      at,
    });
  }
  return out;
}

export interface CaseExplanation {
  caseId: number;
  campaignId: number;
  dialable: boolean;
  campaign: ReturnType<typeof campaignBlockers>;
  reasons: {
    code: CaseReason;
    message: string;
    blocking: boolean;
    at?: string | null;
    userId?: number | null;
    userName?: string | null;
    detail?: string | null;
  }[];
}

/** All conditions that hold for one case, with the details a supervisor needs. */
export async function explainCase(db: Db, caseId: number, now: Date): Promise<CaseExplanation> {
  const [head] = await rows<{ campaign_id: number }>(db, sql`select campaign_id from cases where id = ${caseId}`);
  if (!head) throw notFound('Case', 'caseId');
  const c = await getCampaign(db, head.campaign_id);
  const conds = conditions(c, now);
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`select ${sql.join(
      conds.map(([code, cond]) => sql`(${cond}) as ${sql.identifier(code)}`),
      sql`, `,
    )}, k.callable_at, k.owner_id, k.locked_by, k.locked_until, k.released_at, k.tz, k.attempts,
      (select display_name from users u where u.id = k.owner_id) as owner_name,
      (select display_name from users u where u.id = k.locked_by) as locker_name,
      (select name from statuses s where s.id = k.status_id) as status_name,
      to_char(${now}::timestamptz at time zone coalesce(k.tz, ${c.timeZone}), 'HH24:MI') as local_time
    from cases k join contacts ct on ct.id = k.contact_id where k.id = ${caseId}`,
  );
  const at = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  const grace = c.callbackGraceMinutes * 60_000;
  const message: Record<CaseReason, () => string> = {
    released: () => `The case was released from the campaign at ${at(r.released_at)}`,
    deleted: () => 'A campaign rule deleted the case',
    attempts_exhausted: () => `The campaign's ${c.maxAttempts} attempts are used up (${r.attempts} made)`,
    closed: () => `Finished with the status "${r.status_name}"`,
    waiting: () => `Waiting for an automatic action (status "${r.status_name}")`,
    blocked: () => 'The contact is blocked',
    blocked_number: () => 'The number is on the block list',
    no_phone: () => `The contact has no ${c.phoneColumn === 'phone2' ? 'second' : 'first'} phone number, which this campaign dials`,
    locked: () => `Being worked by ${r.locker_name} until ${at(r.locked_until)}`,
    private_callback_later: () => `Private callback for ${r.owner_name} at ${at(r.callable_at)}`,
    callback_later: () => `Callback at ${at(r.callable_at)}`,
    retry_later: () => `Next attempt not before ${at(r.callable_at)}`,
    end_of_queue_later: () => `Back at the end of the queue from ${at(r.callable_at)}`,
    outside_local_hours: () => `It is ${r.local_time} for the contact (${r.tz ?? c.timeZone}); calls are allowed ${c.localWindow.start}–${c.localWindow.end}`,
    private_callback_due: () =>
      `Private callback due: offered only to ${r.owner_name} until ${new Date(new Date(r.callable_at as string).getTime() + grace).toISOString()}, then to everyone`,
    end_of_queue: () => 'Served after all other cases of the campaign',
  };
  const reasons = conds
    .filter(([code]) => r[code] === true)
    .map(([code]) => ({
      code,
      message: message[code](),
      blocking: !informative.has(code),
      at: code.endsWith('_later') ? at(r.callable_at) : code === 'locked' ? at(r.locked_until) : null,
      userId: code === 'locked' ? (r.locked_by as number) : code.startsWith('private') ? (r.owner_id as number) : null,
      userName: code === 'locked' ? (r.locker_name as string) : code.startsWith('private') ? (r.owner_name as string) : null,
    }));
  const campaign = campaignBlockers(c, now);
  return { caseId, campaignId: c.id, campaign, reasons, dialable: campaign.length === 0 && reasons.every((x) => !x.blocking) };
}

/** A campaign's cases counted by the first condition that holds ("dialable" when none blocks). */
export async function campaignBreakdown(db: Db, campaignId: number, now: Date) {
  const c = await getCampaign(db, campaignId);
  const conds = conditions(c, now);
  const firstReason = sql`case ${sql.join(
    conds.map(([code, cond]) => sql`when ${cond} then ${informative.has(code) ? 'dialable' : code}`),
    sql` `,
  )} else 'dialable' end`;
  const r = await rows<{ reason: string; n: number }>(
    db,
    sql`select ${firstReason} as reason, count(*)::int as n from cases k join contacts ct on ct.id = k.contact_id
      where k.campaign_id = ${campaignId} group by 1 order by 2 desc`,
  );
  const campaign = campaignBlockers(c, now);
  const counts = Object.fromEntries(r.map((x) => [x.reason, x.n]));
  return { campaignId, campaign, counts, dialableNow: campaign.length ? 0 : (counts.dialable ?? 0), total: r.reduce((a, x) => a + x.n, 0) };
}
