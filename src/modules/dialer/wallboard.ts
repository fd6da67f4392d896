// AG-3: the supervisor's wallboard — every agent's state and time in it, and per dialing
// campaign today's dials, connects, abandon rate over each window against its cap, occupancy,
// lines per agent and a chart of the day in quarter hours.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isoDates, rows } from '../../db/query.ts';
import { droppedPeopleRateSql } from './amd.ts';
import { agentSeconds } from './day-report.ts';
import { ROBOT_PREFIX } from './robots.ts';

const rate = (abandoned: number, live: number) => (live ? abandoned / live : 0);

export async function wallboard(db: Db, now: Date, estimates: (campaignId: number) => unknown) {
  const agents = isoDates(
    await rows<{
      user_id: number;
      name: string;
      username: string;
      state: string;
      since: Date;
      campaign_ids: number[];
      current_case_id: string | null;
      call_id: string | null;
      wrap_until: Date | null;
    }>(
      db,
      sql`select s.user_id, coalesce(nullif(u.display_name, ''), u.username) as name, u.username, s.state, s.since, s.campaign_ids, s.current_case_id, s.call_id, s.wrap_until
        from agent_states s join users u on u.id = s.user_id where s.state <> 'logged_out' order by u.username`,
    ),
    ['since', 'wrap_until'],
  );
  const list = await rows<{
    id: number;
    name: string;
    mode: string;
    state: string;
    time_zone: string;
    abandon_cap_percent: number;
    abandon_window: string;
    max_lines_per_agent: number;
    amd_rate: number;
    day_start: Date;
  }>(
    db,
    sql`select id, name, mode, state, time_zone, abandon_cap_percent, abandon_window, max_lines_per_agent,
        (select ${droppedPeopleRateSql} from campaigns cp where cp.id = c.id) as amd_rate,
        (date_trunc('day', ${now}::timestamptz at time zone time_zone) at time zone time_zone) as day_start
      from campaigns c where state in ('running', 'paused') or exists (select 1 from calls where campaign_id = c.id and dialed_at > ${new Date(now.getTime() - 86_400_000)})
      order by sort_order, id`,
  );
  const campaigns = [];
  for (const c of list) {
    const dayStart = new Date(c.day_start);
    const [t] = await rows<Record<string, number>>(
      db,
      sql`select count(*) filter (where dialed_at >= ${dayStart})::int as dials,
          count(*) filter (where dialed_at >= ${dayStart} and connected_at is not null)::int as connects,
          count(*) filter (where dialed_at >= ${dayStart} and human and answered_at is not null)::int as live,
          count(*) filter (where dialed_at >= ${dayStart} and abandoned)::int as abandoned,
          count(*) filter (where ended_at is null and answered_at is null)::int as in_flight,
          count(*) filter (where ended_at is null and answered_at is not null and connected_at is null)::int as waiting,
          count(*) filter (where human and answered_at >= ${new Date(now.getTime() - 86_400_000)})::int as live_24h,
          count(*) filter (where abandoned and answered_at >= ${new Date(now.getTime() - 86_400_000)})::int as abandoned_24h,
          count(*) filter (where human and answered_at >= ${new Date(now.getTime() - 30 * 86_400_000)})::int as live_30d,
          count(*) filter (where abandoned and answered_at >= ${new Date(now.getTime() - 30 * 86_400_000)})::int as abandoned_30d,
          count(*) filter (where human and answered_at is not null)::int as live_all,
          count(*) filter (where abandoned)::int as abandoned_all
        from calls where campaign_id = ${c.id}`,
    );
    const series = await rows<{ bucket: Date; dials: number; connects: number; live: number; abandoned: number }>(
      db,
      sql`select to_timestamp(floor(extract(epoch from dialed_at) / 900) * 900) as bucket, count(*)::int as dials,
          count(*) filter (where connected_at is not null)::int as connects, count(*) filter (where human)::int as live,
          count(*) filter (where abandoned)::int as abandoned
        from calls where campaign_id = ${c.id} and dialed_at >= ${dayStart} group by 1 order by 1`,
    );
    const occ = await agentSeconds(db, c.id, dayStart, now);
    const mine = agents.filter((a) => a.campaign_ids.includes(c.id));
    const count = (...states: string[]) => mine.filter((a) => states.includes(a.state)).length;
    const available = count('ready', 'talking', 'wrap_up');
    // the rates count the people AMD hung up on as machines (expected from its false-positive rate)
    const dropped = (live: number) => (c.amd_rate > 0 ? (live * c.amd_rate) / (1 - c.amd_rate) : 0);
    const rateWithDrops = (abandoned: number, live: number) => rate(abandoned + dropped(live), live + dropped(live));
    const window = (live: number, abandoned: number) => ({ liveAnswers: live, abandoned, rate: rateWithDrops(abandoned, live) });
    campaigns.push({
      id: c.id,
      name: c.name,
      mode: c.mode,
      state: c.state,
      capPercent: c.abandon_cap_percent,
      window: c.abandon_window,
      maxLinesPerAgent: c.max_lines_per_agent,
      today: { dials: t.dials, connects: t.connects, liveAnswers: t.live, abandoned: t.abandoned, abandonRate: rateWithDrops(t.abandoned, t.live) },
      abandon: { '24h': window(t.live_24h, t.abandoned_24h), '30d': window(t.live_30d, t.abandoned_30d), lifetime: window(t.live_all, t.abandoned_all) },
      inFlight: t.in_flight,
      waiting: t.waiting,
      agents: { loggedIn: mine.length, ready: count('ready'), talking: count('talking'), wrapUp: count('wrap_up'), other: mine.length - available },
      linesPerAgent: available ? (t.in_flight + t.waiting) / available : 0,
      occupancy: occ.logged ? occ.busy / occ.logged : 0,
      series: series.map((s) => ({ at: new Date(s.bucket).toISOString(), dials: s.dials, connects: s.connects, liveAnswers: s.live, abandoned: s.abandoned })),
      estimates: estimates(c.id),
    });
  }
  return {
    at: now.toISOString(),
    agents: agents.map((a) => ({
      userId: a.user_id,
      name: a.name,
      robot: a.username.startsWith(ROBOT_PREFIX),
      state: a.state,
      since: a.since,
      secondsInState: Math.max(0, Math.round((now.getTime() - new Date(a.since).getTime()) / 1000)),
      campaignIds: a.campaign_ids,
      currentCaseId: a.current_case_id === null ? null : Number(a.current_case_id),
      callId: a.call_id === null ? null : Number(a.call_id),
      wrapUntil: a.wrap_until,
    })),
    campaigns,
  };
}
