// What an inbound day did, from the database alone: the queue's figures and the callback
// invariants (each a count that must be 0), for the simulated-day test and the simulate script.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';

export async function inboundSummary(db: Db, queueId: number, callbackCampaignId: number) {
  const [r] = await rows<Record<string, number>>(
    db,
    sql`select
      (select count(*) from inbound_calls where queue_id = ${queueId})::int as arrivals,
      (select count(*) from inbound_calls where queue_id = ${queueId} and answered_at is not null)::int as answered,
      (select count(*) from inbound_calls where queue_id = ${queueId} and outcome = 'abandoned')::int as abandoned,
      (select count(*) from inbound_calls where queue_id = ${queueId} and outcome = 'callback' and trigger = 'key')::int as "callbackByKey",
      (select count(*) from inbound_calls where queue_id = ${queueId} and outcome = 'callback' and trigger = 'hangup')::int as "callbackByHangup",
      (select count(*) from inbound_calls where queue_id = ${queueId} and outcome = 'never_call')::int as "neverCallSkipped",
      (select count(*) from callback_requests where queue_id = ${queueId})::int as "callbackCases",
      (select coalesce(sum(missed_calls - 1), 0) from callback_requests where queue_id = ${queueId})::int as "repeatMissedCalls",
      (select count(*) from calls where campaign_id = ${callbackCampaignId})::int as "callbackDials",
      (select count(*) from calls where campaign_id = ${callbackCampaignId} and connected_at is not null)::int as "callbackConnects",
      (select count(*) from attempts where campaign_id = ${callbackCampaignId} and agent_id is not null)::int as "callbackResultsSaved",
      (select count(*) from cases where campaign_id = ${callbackCampaignId} and closed_reason = 'expired')::int as "callbacksExpired",
      (select count(*) from cases where campaign_id = ${callbackCampaignId} and closed_reason = 'attempts_exhausted')::int as "callbacksExhausted",
      (select count(*) from cases where campaign_id = ${callbackCampaignId} and released_at is null)::int as "callbacksOpen"`,
  );
  return r;
}

/**
 * Every count must be 0: a never-call number dialed; a callback dialed outside the window of every
 * missed call that ordered it (before the delay, or at or after the expiry); an agent handed an
 * outbound call while on an inbound call, or an inbound call while on an outbound one; more
 * callback calls at once than the share of the queue's agents allows. The window: at or after the
 * delay from a missed call that ordered the callback, and before the expiry from the latest one.
 */
export async function inboundInvariants(db: Db, callbackCampaignId: number, o: { delaySeconds: number; expiryMinutes: number; maxCallbackAgents: number }) {
  const [r] = await rows<Record<string, number>>(
    db,
    sql`select
      (select count(*)::int from calls c join campaigns cp on cp.id = c.campaign_id
        where c.campaign_id = ${callbackCampaignId} and c.phone = any(array(select jsonb_array_elements_text(cp.callback_settings->'neverCallNumbers')))) as "neverCallDialed",
      (select count(*)::int from calls c where c.campaign_id = ${callbackCampaignId} and c.case_id in (select case_id from callback_requests)
        and not exists (select 1 from inbound_calls i where i.callback_case_id = c.case_id and i.outcome = 'callback'
          and c.dialed_at >= i.ended_at + make_interval(secs => ${o.delaySeconds}))) as "callbackBeforeDelay",
      (select count(*)::int from calls c where c.campaign_id = ${callbackCampaignId} and c.case_id in (select case_id from callback_requests)
        and c.dialed_at >= (select max(i.ended_at) from inbound_calls i where i.callback_case_id = c.case_id and i.outcome = 'callback' and i.ended_at <= c.dialed_at)
          + make_interval(mins => ${o.expiryMinutes})) as "callbackAfterExpiry",
      (select count(*)::int from calls c join inbound_calls i on i.agent_id = c.agent_id
        where c.dialed_at >= i.answered_at and c.dialed_at < coalesce(i.ended_at, 'infinity'::timestamptz)) as "outboundWhileInbound",
      (select count(*)::int from calls c join inbound_calls i on i.agent_id = c.agent_id
        where i.answered_at >= c.dialed_at and i.answered_at < coalesce(c.wrapped_at, c.ended_at, 'infinity'::timestamptz)) as "inboundWhileOutbound",
      (select count(*)::int from calls a where a.campaign_id = ${callbackCampaignId} and (select count(*) from calls b where b.campaign_id = ${callbackCampaignId}
        and b.dialed_at <= a.dialed_at and coalesce(b.wrapped_at, b.ended_at, 'infinity'::timestamptz) > a.dialed_at) > ${o.maxCallbackAgents}) as "callbackShareExceeded"`,
  );
  return r;
}
