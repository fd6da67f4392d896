// npm run bench:pacing:smoke — CI's guard on Parley's pacing: a few scenarios × 3 seeds, Parley
// only; exits 1 if any seed-day's abandon rate is over the cap. Runs in seconds.
import path from 'node:path';
import { policySpecs } from './policies/index.ts';
import { evaluationSeeds, runPolicy } from './run.ts';
import { loadScenario } from './scenario.ts';

const SCENARIOS = ['grid/n10-p15-t120', 'grid/n10-p60-t300', 'grid/n50-p30-t120', 'grid/n50-p15-t300', 'extra/n10-p30-t120-breaks'];
const SEEDS = 3;

const folder = path.join(import.meta.dirname, '../scenarios/pacing');
const started = performance.now();
const results = [];
let broken = 0;
for (const name of SCENARIOS) {
  const scenario = loadScenario(path.join(folder, `${name}.json`));
  const spec = policySpecs(scenario).find((p) => p.name === 'parley')!;
  const { report } = runPolicy(scenario, spec, evaluationSeeds(SEEDS), null, false);
  const verdict = report.compliant ? 'ok' : 'OVER THE CAP';
  process.stderr.write(
    `${scenario.name.padEnd(24)} busy ${(100 * report.busyOccupancy).toFixed(1)} %  worst seed-day abandon ${(100 * report.abandonRate.worstSeedDay).toFixed(2)} % (cap ${100 * scenario.abandonCap} %)  ${verdict}\n`,
  );
  if (!report.compliant) broken++;
  results.push({ name: scenario.name, seeds: SEEDS, policies: [report] });
}
process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${JSON.stringify({ scenarios: results })}\n`);
if (broken > 0) {
  process.stderr.write(`Parley's pacing broke the abandon cap in ${broken} scenario(s)\n`);
  process.exit(1);
}
