// npm run bench:pacing -- --scenario <file or folder> [--seeds N] [--out file.json]
//
// Runs Parley's pacing module, the peers (native and tuned) and the oracle reference through the
// same discrete-event simulator on every scenario, and prints one JSON object as the last line of
// stdout (BENCH-PACING.md "Output"). Progress and a readable summary go to stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dayBusyOccupancy, type PolicyReport, report } from './metrics.ts';
import { type PolicySpec, policySpecs } from './policies/index.ts';
import { loadScenario, type Scenario, scenarioFiles } from './scenario.ts';
import { type DayResult, simOptions, simulateDay } from './simulate.ts';
import { comparisons, summaryTable } from './summary.ts';
import { tuneKnob, tuningSeeds } from './tune.ts';

export interface PolicyRun {
  report: PolicyReport;
  knob: number | null;
  /** busy occupancy per evaluation seed, in seed order (for paired comparisons) */
  busyBySeed: number[];
}

export interface ScenarioRun {
  scenario: Scenario;
  seeds: number;
  runs: PolicyRun[];
}

export function evaluationSeeds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

export function runPolicy(scenario: Scenario, spec: PolicySpec, seeds: number[], knob: number | null, tuned: boolean): PolicyRun {
  const days: DayResult[] = seeds.map((seed) => simulateDay(scenario, seed, spec.make(knob ?? undefined), simOptions));
  return { report: report(spec.name, tuned, days, scenario.abandonCap), knob, busyBySeed: days.map(dayBusyOccupancy) };
}

export function runScenario(scenario: Scenario, seedCount: number, only: Set<string> | null, log: (line: string) => void): ScenarioRun {
  const seeds = evaluationSeeds(seedCount);
  const runs: PolicyRun[] = [];
  for (const spec of policySpecs(scenario)) {
    if (only && !only.has(spec.name)) continue;
    const started = performance.now();
    const note = (run: PolicyRun) => {
      runs.push(run);
      const r = run.report;
      const knob = run.knob === null ? '' : ` ${spec.knob!.name}=${+run.knob.toPrecision(4)}`;
      log(
        `  ${(r.policy + (r.tuned ? ' (tuned)' : '')).padEnd(34)} busy ${r.busyOccupancy.toFixed(3)}  worst day ${(100 * r.abandonRate.worstSeedDay).toFixed(2)} %${knob}  ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    };
    if (!spec.knob) {
      note(runPolicy(scenario, spec, seeds, null, false));
      continue;
    }
    if (spec.knob.native !== null) note(runPolicy(scenario, spec, seeds, spec.knob.native, false));
    // Tuned on seeds apart from the evaluation; should the choice still break the cap on an
    // evaluation seed-day, it is searched again below it on twice, then three times the tuning seeds.
    let high = spec.knob.high;
    for (let round = 1; ; round++) {
      const best = tuneKnob(spec, scenario, tuningSeeds(round * seedCount), high);
      const run = runPolicy(scenario, spec, seeds, best, true);
      if (run.report.compliant || round === 3 || best <= spec.knob.low) {
        note(run);
        break;
      }
      log(`  ${spec.name} (tuned) ${spec.knob.name}=${+best.toPrecision(4)} broke the cap on an evaluation seed-day: searching again on more tuning seeds`);
      high = best * (spec.knob.logScale ? 0.97 : 1) - (spec.knob.logScale ? 0 : 0.01 * (spec.knob.high - spec.knob.low));
    }
  }
  return { scenario, seeds: seedCount, runs };
}

export function toJson(results: ScenarioRun[]) {
  return { scenarios: results.map((r) => ({ name: r.scenario.name, seeds: r.seeds, policies: r.runs.map((p) => p.report) })) };
}

function main() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      seeds: { type: 'string' },
      out: { type: 'string' },
      policies: { type: 'string' },
    },
  });
  if (!values.scenario) {
    process.stderr.write('usage: npm run bench:pacing -- --scenario <file or folder> [--seeds N] [--out file.json] [--policies parley,oracle,…]\n');
    process.exit(2);
  }
  const seedsArg = values.seeds === undefined ? null : Number(values.seeds);
  if (seedsArg !== null && !(Number.isInteger(seedsArg) && seedsArg >= 1)) throw new Error('--seeds must be an integer ≥ 1');
  const only = values.policies ? new Set(values.policies.split(',')) : null;
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const started = performance.now();
  const results: ScenarioRun[] = [];
  for (const file of scenarioFiles(values.scenario)) {
    const scenario = loadScenario(file);
    const seeds = seedsArg ?? scenario.seeds;
    log(`${scenario.name} (${seeds} seeds)`);
    results.push(runScenario(scenario, seeds, only, log));
  }
  log('');
  log(summaryTable(results));
  log('');
  log(comparisons(results));
  log(`\nfull run: ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const json = JSON.stringify(toJson(results));
  if (values.out) {
    mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(toJson(results), null, 2)}\n`);
  }
  process.stdout.write(`${json}\n`);
}

if (import.meta.main) main();
