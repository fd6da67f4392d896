// Answering-machine detection and the abandon rate. Regulators count a person AMD hung up on as a
// machine as an abandoned call, but the dialer cannot tell those calls from machines. It adds
// their expected number from AMD's published false-positive rate r: of the people who answered,
// the share r was taken for machines, so for `live` people passed there were live·r/(1−r) more.
import { type SQL, sql } from 'drizzle-orm';
import type { Campaign } from '../campaigns/repo.ts';

export type AmdSettings = Pick<Campaign, 'amdEnabled' | 'amdMachineAction' | 'amdFalsePositivePercent'>;

/** AMD's false-positive rate (0..0.5) where people taken for machines are hung up on; 0 otherwise. */
export function droppedPeopleRate(c: AmdSettings): number {
  if (!c.amdEnabled || c.amdMachineAction !== 'hangup') return 0;
  return Math.min(0.5, Math.max(0, c.amdFalsePositivePercent / 100));
}

/** Expected people hung up on as machines, given the live answers AMD passed. */
export function expectedFalsePositives(c: AmdSettings, liveAnswers: number): number {
  const r = droppedPeopleRate(c);
  return r > 0 ? (liveAnswers * r) / (1 - r) : 0;
}

/**
 * An abandon window with the people AMD dropped counted on both sides. `margin` adds one standard
 * deviation (√expected) to the abandons: the pacer must hold the cap against the chance swing of
 * drops it cannot see (BENCH-PACING: without it one AMD seed-day ended at 3.003 %).
 */
export function withAmdDrops(c: AmdSettings, w: { liveAnswers: number; abandoned: number }, margin = false) {
  const e = expectedFalsePositives(c, w.liveAnswers);
  if (!e) return { ...w };
  return { liveAnswers: w.liveAnswers + e, abandoned: w.abandoned + e + (margin ? Math.sqrt(e) : 0) };
}

/** The same rate in SQL, over the campaign row `cp`: for statements that count live answers themselves. */
export const droppedPeopleRateSql: SQL = sql`(case when cp.amd_enabled and cp.amd_machine_action = 'hangup' then least(0.5, greatest(0, cp.amd_false_positive_percent / 100.0)) else 0 end)::float8`;
