// What a dialing day did, from the database alone: the figures `npm run simulate` prints and the
// compliance invariants the tests and the crash test check (each a count that must be 0).
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { droppedPeopleRateSql } from './amd.ts';

/**
 * Seconds the campaign's agents spent logged in, talking, and talking or wrapping up between
 * `from` and `to` (AG-3 occupancy): the states that ended (agent_state_log) and the ones agents
 * are in now (agent_states, still running).
 */
export async function agentSeconds(db: Db, campaignId: number, from: Date, to: Date) {
  const span = sql`extract(epoch from least(coalesce(ended_at, ${to}), ${to}) - greatest(started_at, ${from}))`;
  const [r] = await rows<{ busy: number | null; talk: number | null; logged: number | null }>(
    db,
    sql`select sum(${span}) filter (where state in ('talking', 'wrap_up'))::float8 as busy, sum(${span}) filter (where state = 'talking')::float8 as talk,
        sum(${span}) filter (where state <> 'logged_out')::float8 as logged
      from (select state, campaign_ids, started_at, ended_at from agent_state_log where ended_at > ${from} and started_at < ${to}
        union all select state, campaign_ids, since, null from agent_states where since < ${to}) s
      where ${campaignId}::int = any(campaign_ids)`,
  );
  return { busy: r.busy ?? 0, talk: r.talk ?? 0, logged: r.logged ?? 0 };
}

export async function daySummary(db: Db, campaignId: number, o: { from: Date; to: Date; capPercent: number }) {
  const [t] = await rows<Record<string, number>>(
    db,
    sql`select count(*)::int as dials, count(*) filter (where connected_at is not null)::int as connects,
        count(*) filter (where human and answered_at is not null)::int as live, count(*) filter (where abandoned)::int as abandoned,
        count(*) filter (where outcome = 'voicemail')::int as machines, count(*) filter (where reconciled)::int as reconciled,
        coalesce(sum(extract(epoch from ended_at - connected_at)) filter (where connected_at is not null and ended_at is not null), 0)::float8 as talk_seconds,
        (select ${droppedPeopleRateSql} from campaigns cp where cp.id = ${campaignId}) as amd_rate
      from calls where campaign_id = ${campaignId} and dialed_at >= ${o.from} and dialed_at < ${o.to}`,
  );
  const hourly = await rows<{ live: number; abandoned: number }>(
    db,
    sql`select count(*) filter (where human)::int as live, count(*) filter (where abandoned)::int as abandoned
      from calls where campaign_id = ${campaignId} and answered_at >= ${o.from} and answered_at < ${o.to}
      group by floor(extract(epoch from answered_at - ${o.from}::timestamptz) / 3600)`,
  );
  const occ = await agentSeconds(db, campaignId, o.from, o.to);
  const statuses = await rows<{ name: string | null; n: number }>(
    db,
    sql`select s.name, count(*)::int as n from cases k left join statuses s on s.id = k.status_id where k.campaign_id = ${campaignId} group by 1 order by 2 desc`,
  );
  // people AMD hung up on as machines (expected from its false-positive rate) are abandoned calls too
  const dropped = (live: number) => (t.amd_rate > 0 ? (live * t.amd_rate) / (1 - t.amd_rate) : 0);
  const rate = (a: number, l: number) => (l + dropped(l) ? Math.round(((a + dropped(l)) / (l + dropped(l))) * 10_000) / 10_000 : 0);
  const loggedHours = occ.logged / 3600;
  return {
    dials: t.dials,
    connects: t.connects,
    liveAnswers: t.live,
    abandoned: t.abandoned,
    machines: t.machines,
    amdDroppedPeopleExpected: Math.round(dropped(t.live) * 10) / 10,
    reconciledCalls: t.reconciled,
    dialsPerConnect: t.connects ? Math.round((t.dials / t.connects) * 100) / 100 : null,
    abandonRate: {
      day: rate(t.abandoned, t.live),
      worstRollingHour: Math.max(0, ...hourly.filter((h) => h.live >= 20).map((h) => rate(h.abandoned, h.live))),
      capPercent: o.capPercent,
    },
    occupancy: {
      busy: occ.logged ? Math.round((occ.busy / occ.logged) * 1000) / 1000 : 0,
      talk: occ.logged ? Math.round((occ.talk / occ.logged) * 1000) / 1000 : 0,
    },
    talkMinutesPerAgentHour: loggedHours ? Math.round((t.talk_seconds / 60 / loggedHours) * 10) / 10 : 0,
    statusesReached: Object.fromEntries(statuses.map((s) => [s.name ?? '(none)', s.n])),
  };
}

/** Compliance as invariants: every count must be 0. */
export async function checkInvariants(db: Db, campaignId: number, capPercent: number) {
  const [r] = await rows<Record<string, number>>(
    db,
    sql`select
      (select count(*)::int from calls c join contacts ct on ct.id = c.contact_id where c.campaign_id = ${campaignId}
        and (exists (select 1 from blocked_numbers b where b.phone = c.phone and b.created_at <= c.dialed_at) or (ct.blocked and ct.blocked_at <= c.dialed_at))) as "blockedDialed",
      (select count(*)::int from calls c join cases k on k.id = c.case_id join campaigns cp on cp.id = c.campaign_id where c.campaign_id = ${campaignId}
        and not (case when (cp.local_window->>'start') < (cp.local_window->>'end')
          then (c.dialed_at at time zone coalesce(k.tz, cp.time_zone))::time >= (cp.local_window->>'start')::time
            and (c.dialed_at at time zone coalesce(k.tz, cp.time_zone))::time < (case when cp.local_window->>'end' = '24:00' then '24:00:00' else cp.local_window->>'end' end)::time
          else (c.dialed_at at time zone coalesce(k.tz, cp.time_zone))::time >= (cp.local_window->>'start')::time
            or (c.dialed_at at time zone coalesce(k.tz, cp.time_zone))::time < (cp.local_window->>'end')::time end)) as "outOfHoursDialed",
      (select count(*)::int from calls a join calls b on b.case_id = a.case_id and b.id > a.id
        where a.campaign_id = ${campaignId} and b.dialed_at < coalesce(a.ended_at, 'infinity'::timestamptz)) as "doubleDialed",
      (select count(*)::int from calls a join calls b on b.agent_id = a.agent_id and b.id > a.id
        where a.campaign_id = ${campaignId} and a.connected_at is not null and b.connected_at is not null
          and b.connected_at < coalesce(a.wrapped_at, a.ended_at, 'infinity'::timestamptz) and a.connected_at < coalesce(b.wrapped_at, b.ended_at, 'infinity'::timestamptz)) as "agentDoubleBooked",
      (select case when x.live > 0 and (x.abandoned + x.live * x.r / (1 - x.r)) / (x.live + x.live * x.r / (1 - x.r)) > ${capPercent / 100} then 1 else 0 end
        from (select count(*) filter (where human)::float8 as live, count(*) filter (where abandoned)::float8 as abandoned,
          (select ${droppedPeopleRateSql} from campaigns cp where cp.id = ${campaignId}) as r
          from calls where campaign_id = ${campaignId} and answered_at is not null) x) as "capExceeded"`,
  );
  return r;
}
