// node bench/pacing/tables.ts results.json — the README's matrices (scenario × policy) from a
// run's JSON: busy occupancy, talk minutes per agent-hour and the worst seed-day abandon rate.
import { readFileSync } from 'node:fs';
import type { PolicyReport } from './metrics.ts';

interface Results {
  scenarios: { name: string; seeds: number; policies: PolicyReport[] }[];
}

const SHORT: Record<string, string> = {
  parley: 'Parley',
  progressive: 'progr.',
  'fixed-ratio': 'fixed',
  'vicidial-adapt-average': 'V-avg',
  'vicidial-adapt-hard-limit': 'V-hard',
  'vicidial-ratio': 'V-ratio',
  'cisco-correction': 'Cisco',
  oracle: 'oracle',
};

/** The core grid first (n10 … n200), then the other scenarios, numbers in numeric order. */
export function scenarioOrder(a: string, b: string): number {
  const grid = (name: string) => (/^n\d+-p\d+-t\d+$/.test(name) ? 0 : 1);
  return grid(a) - grid(b) || a.localeCompare(b, 'en', { numeric: true });
}

export function matrices(results: Results): string {
  results = { scenarios: [...results.scenarios].sort((a, b) => scenarioOrder(a.name, b.name)) };
  const columns = [...new Set(results.scenarios.flatMap((s) => s.policies.map(key)))];
  const header = `| scenario | ${columns.map((c) => c.replace(/^(.*?)( \(t\))?$/, (_, n, t) => `${SHORT[n] ?? n}${t ? ' t' : ''}`)).join(' | ')} |`;
  const rule = `|---|${columns.map(() => '---:').join('|')}|`;
  const table = (title: string, cell: (p: PolicyReport) => string) => {
    const rows = results.scenarios.map((s) => {
      const byKey = new Map(s.policies.map((p) => [key(p), p]));
      return `| ${s.name} | ${columns.map((c) => (byKey.has(c) ? cell(byKey.get(c)!) : '—')).join(' | ')} |`;
    });
    return [`**${title}**`, '', header, rule, ...rows].join('\n');
  };
  // a run over the cap on some seed-day is struck through: it does not count as a result
  const mark = (p: PolicyReport, text: string) => (p.compliant ? text : `~~${text}~~`);
  return [
    table('Busy occupancy, % (struck through: over the cap on some seed-day)', (p) => mark(p, (100 * p.busyOccupancy).toFixed(1))),
    table('Talk minutes per agent-hour', (p) => mark(p, p.talkMinutesPerAgentHour.toFixed(1))),
    table('Worst seed-day abandon rate, %', (p) => mark(p, (100 * p.abandonRate.worstSeedDay).toFixed(2))),
  ].join('\n\n');
}

function key(p: PolicyReport): string {
  return p.tuned && p.policy !== 'oracle' ? `${p.policy} (t)` : p.policy;
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node bench/pacing/tables.ts results.json\n');
    process.exit(2);
  }
  process.stdout.write(`${matrices(JSON.parse(readFileSync(file, 'utf8')))}\n`);
}
