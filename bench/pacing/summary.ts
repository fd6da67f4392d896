// The readable side of a run: the result table and the goals of BENCH-PACING.md "What good means".
import type { PolicyRun, ScenarioRun } from './run.ts';

const pct = (x: number, digits = 1) => (100 * x).toFixed(digits);

export function summaryTable(results: ScenarioRun[]): string {
  const lines = [
    '| scenario | policy | busy occupancy % | talk min / agent-hour | abandon mean % | worst seed-day % | worst rolling hour % | compliant |',
    '|---|---|---:|---:|---:|---:|---:|:---:|',
  ];
  for (const r of results) {
    for (const run of r.runs) {
      const p = run.report;
      lines.push(
        `| ${r.scenario.name} | ${p.policy}${p.tuned ? ' (tuned)' : ''} | ${pct(p.busyOccupancy)} | ${p.talkMinutesPerAgentHour.toFixed(1)} | ${pct(p.abandonRate.mean, 2)} | ${pct(p.abandonRate.worstSeedDay, 2)} | ${pct(p.abandonRate.worstRollingHour, 2)} | ${p.compliant ? 'yes' : '**no**'} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Allowed gap to the oracle's busy occupancy, in points, by team size. */
export function oracleBound(agents: number): number {
  if (agents >= 200) return 1;
  if (agents >= 50) return 1.5;
  return 3;
}

/** Mean and standard error of the per-seed difference a − b (common random numbers make it paired). */
export function pairedDifference(a: number[], b: number[]): { mean: number; se: number } {
  const d = a.map((x, i) => x - b[i]);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const variance = d.length > 1 ? d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1) : 0;
  return { mean, se: Math.sqrt(variance / d.length) };
}

export interface Verdict {
  scenario: string;
  parleyCompliant: boolean;
  bestPeer: string | null;
  /** parley − best compliant peer, busy occupancy points */
  lead: { mean: number; se: number } | null;
  aheadBeyondNoise: boolean;
  /** oracle − parley, busy occupancy points */
  oracleGap: number | null;
  oracleBound: number;
  withinOracleBound: boolean;
}

export function verdicts(results: ScenarioRun[]): Verdict[] {
  return results.map((r) => {
    const parley = r.runs.find((x) => x.report.policy === 'parley');
    const oracle = r.runs.find((x) => x.report.policy === 'oracle');
    const peers = r.runs.filter((x) => x.report.policy !== 'parley' && x.report.policy !== 'oracle' && x.report.compliant);
    const best = peers.reduce<PolicyRun | null>((b, x) => (!b || x.report.busyOccupancy > b.report.busyOccupancy ? x : b), null);
    const lead = parley && best ? pairedDifference(parley.busyBySeed, best.busyBySeed) : null;
    const gap = parley && oracle ? 100 * (oracle.report.busyOccupancy - parley.report.busyOccupancy) : null;
    const bound = oracleBound(r.scenario.agents);
    return {
      scenario: r.scenario.name,
      parleyCompliant: parley?.report.compliant ?? false,
      bestPeer: best ? `${best.report.policy}${best.report.tuned ? ' (tuned)' : ''}` : null,
      lead: lead && { mean: 100 * lead.mean, se: 100 * lead.se },
      // "more than seed noise": the paired lead exceeds twice its standard error (and is positive)
      aheadBeyondNoise: lead !== null && lead.mean > 0 && lead.mean > 2 * lead.se,
      oracleGap: gap,
      oracleBound: bound,
      withinOracleBound: gap !== null && gap <= bound,
    };
  });
}

export function comparisons(results: ScenarioRun[]): string {
  const lines = [
    '| scenario | parley compliant | best compliant peer | parley lead (points, ± 1 SE) | ahead beyond noise | oracle gap (points) | bound | within |',
    '|---|:---:|---|---:|:---:|---:|---:|:---:|',
  ];
  for (const v of verdicts(results)) {
    lines.push(
      `| ${v.scenario} | ${v.parleyCompliant ? 'yes' : '**no**'} | ${v.bestPeer ?? '—'} | ${v.lead ? `${v.lead.mean.toFixed(2)} ± ${v.lead.se.toFixed(2)}` : '—'} | ${v.aheadBeyondNoise ? 'yes' : '**no**'} | ${v.oracleGap === null ? '—' : v.oracleGap.toFixed(2)} | ${v.oracleBound} | ${v.withinOracleBound ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}
