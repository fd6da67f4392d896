// PR-6 report contents: one table per kind, for the chosen campaigns of the process over the
// period between the previous slot and this one. Counts reuse the campaigns' and the dialer's
// own queries (campaignCounts, abandonCounts with the dialer's windows).
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArray, rows } from '../../db/query.ts';
import { campaignCounts } from '../campaigns/repo.ts';
import { abandonCounts, windowStart } from '../dialer/calls-repo.ts';
import type { Cell } from './csv.ts';

export const reportKinds = ['campaign_results', 'status_breakdown', 'agent_results', 'abandon_rate'] as const;
export type ReportKind = (typeof reportKinds)[number];

export interface ReportTable {
  columns: string[];
  rows: Cell[][];
}

const pct = (part: number, whole: number) => (whole ? Math.round((10_000 * part) / whole) / 100 : 0);

/** The campaigns a schedule covers: those chosen, or every campaign of the process. */
export async function reportCampaigns(db: Db, processId: number, chosen: number[]) {
  return rows<{ id: number; name: string; state: string }>(
    db,
    sql`select id, name, state from campaigns where process_id = ${processId}
      ${chosen.length ? sql`and id = any(${pgArray(chosen)}::int[])` : sql``} order by name, id`,
  );
}

export async function buildReport(
  db: Db,
  input: { kind: ReportKind; processId: number; campaignIds: number[]; from: Date; to: Date; now: Date },
): Promise<ReportTable> {
  const list = await reportCampaigns(db, input.processId, input.campaignIds);
  const ids = pgArray(list.map((c) => c.id));
  const { from, to } = input;
  switch (input.kind) {
    case 'campaign_results': {
      const out: Cell[][] = [];
      for (const c of list) {
        const counts = await campaignCounts(db, c.id);
        const [r] = await rows<{ successes: number; attempts: number; connected: number }>(
          db,
          sql`select (select count(*)::int from cases where campaign_id = ${c.id} and success) as successes,
            count(a.id)::int as attempts, count(a.id) filter (where a.connected)::int as connected
            from attempts a where a.campaign_id = ${c.id} and a.ended_at >= ${from} and a.ended_at < ${to}`,
        );
        out.push([
          c.id,
          c.name,
          c.state,
          counts.total,
          counts.unused,
          counts.total - counts.unused,
          r.successes,
          r.attempts,
          r.connected,
          pct(r.connected, r.attempts),
        ]);
      }
      return {
        columns: ['Campaign id', 'Campaign', 'State', 'Cases', 'Open', 'Closed', 'Successes', 'Attempts in period', 'Connected in period', 'Connect rate %'],
        rows: out,
      };
    }
    case 'status_breakdown': {
      const r = await rows<{ campaign: string; status: string | null; now: number; entered: number }>(
        db,
        sql`with cur as (
            select campaign_id, status_id, count(*)::int as n from cases where campaign_id = any(${ids}::int[]) and released_at is null group by 1, 2),
          moved as (
            select campaign_id, to_status_id as status_id, count(*)::int as n from case_history
            where campaign_id = any(${ids}::int[]) and at >= ${from} and at < ${to} group by 1, 2)
          select c.name as campaign, s.name as status, coalesce(cur.n, 0) as now, coalesce(moved.n, 0) as entered
          from (select campaign_id, status_id from cur union select campaign_id, status_id from moved) k
          join campaigns c on c.id = k.campaign_id left join statuses s on s.id = k.status_id
          left join cur on cur.campaign_id = k.campaign_id and cur.status_id is not distinct from k.status_id
          left join moved on moved.campaign_id = k.campaign_id and moved.status_id is not distinct from k.status_id
          order by c.name, s.name nulls first`,
      );
      return { columns: ['Campaign', 'Status', 'Cases now', 'Set in period'], rows: r.map((x) => [x.campaign, x.status ?? '—', x.now, x.entered]) };
    }
    case 'agent_results': {
      const r = await rows<{ agent: string; username: string; attempts: number; connected: number; successes: number }>(
        db,
        sql`select u.display_name as agent, u.username, count(*)::int as attempts, count(*) filter (where a.connected)::int as connected,
            count(*) filter (where s.qualifier like 'success%')::int as successes
          from attempts a join users u on u.id = a.agent_id left join statuses s on s.id = a.status_id
          where a.campaign_id = any(${ids}::int[]) and a.ended_at >= ${from} and a.ended_at < ${to}
          group by u.id order by u.display_name, u.id`,
      );
      return {
        columns: ['Agent', 'Username', 'Attempts', 'Connected', 'Successes', 'Success rate %'],
        rows: r.map((x) => [x.agent, x.username, x.attempts, x.connected, x.successes, pct(x.successes, x.connected)]),
      };
    }
    case 'abandon_rate': {
      const out: Cell[][] = [];
      for (const c of list) {
        for (const window of ['24h', '30d', 'lifetime'] as const) {
          const n = await abandonCounts(db, c.id, windowStart(window, input.now));
          out.push([c.name, window, n.liveAnswers, n.abandoned, pct(n.abandoned, n.liveAnswers)]);
        }
      }
      return { columns: ['Campaign', 'Window', 'Live answers', 'Abandoned', 'Abandon rate %'], rows: out };
    }
  }
}
