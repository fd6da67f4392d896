// Seed-days → the documented per-policy JSON (BENCH-PACING.md "What it reports").
import { type DayResult, WAIT_BIN_SECONDS } from './simulate.ts';

export interface PolicyReport {
  policy: string;
  tuned: boolean;
  compliant: boolean;
  busyOccupancy: number;
  talkOccupancy: number;
  talkMinutesPerAgentHour: number;
  abandonRate: { mean: number; worstSeedDay: number; worstRollingHour: number };
  waitBetweenCallsSeconds: { mean: number; p90: number };
  dialsPerConnect: number;
  peakLinesPerAgent: number;
  recordsUsed: number;
}

export function dayAbandonRate(d: DayResult): number {
  return d.liveAnswers > 0 ? d.abandoned / d.liveAnswers : 0;
}

export function dayBusyOccupancy(d: DayResult): number {
  return d.loggedInSeconds > 0 ? d.busySeconds / d.loggedInSeconds : 0;
}

export function report(policy: string, tuned: boolean, days: DayResult[], cap: number): PolicyReport {
  const mean = (f: (d: DayResult) => number) => days.reduce((s, d) => s + f(d), 0) / days.length;
  const rates = days.map(dayAbandonRate);
  const worstSeedDay = Math.max(...rates);
  const talkOccupancy = mean((d) => (d.loggedInSeconds > 0 ? d.talkSeconds / d.loggedInSeconds : 0));
  const dials = days.reduce((s, d) => s + d.dials, 0);
  const connects = days.reduce((s, d) => s + d.connects, 0);
  return {
    policy,
    tuned,
    // a hair of tolerance for floating point only; the cap is the cap
    compliant: worstSeedDay <= cap + 1e-12,
    busyOccupancy: round(mean(dayBusyOccupancy), 4),
    talkOccupancy: round(talkOccupancy, 4),
    talkMinutesPerAgentHour: round(60 * talkOccupancy, 2),
    abandonRate: {
      mean: round(mean(dayAbandonRate), 5),
      worstSeedDay: round(worstSeedDay, 5),
      worstRollingHour: round(Math.max(...days.map((d) => d.worstRollingHour)), 5),
    },
    waitBetweenCallsSeconds: waitSummary(days),
    dialsPerConnect: round(connects > 0 ? dials / connects : 0, 3),
    peakLinesPerAgent: round(Math.max(...days.map((d) => d.peakLinesPerAgent)), 3),
    recordsUsed: Math.round(mean((d) => d.recordsUsed)),
  };
}

/** Mean and 90th percentile of every agent's wait between calls, all seed-days pooled. */
function waitSummary(days: DayResult[]): { mean: number; p90: number } {
  let count = 0;
  let sum = 0;
  for (const d of days) {
    count += d.waits.count;
    sum += d.waits.sum;
  }
  if (count === 0) return { mean: 0, p90: 0 };
  const target = 0.9 * count;
  let seen = 0;
  const bins = days[0].waits.bins.length;
  for (let i = 0; i < bins; i++) {
    for (const d of days) seen += d.waits.bins[i];
    if (seen >= target) return { mean: round(sum / count, 2), p90: round((i + 1) * WAIT_BIN_SECONDS, 2) };
  }
  return { mean: round(sum / count, 2), p90: round(bins * WAIT_BIN_SECONDS, 2) };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
