// Writes the core grid (BENCH-PACING.md "Scenarios") as scenario files:
// node bench/pacing/make-grid.ts [folder]   (default bench/scenarios/pacing/grid)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const mixes = {
  15: { live: 0.15, machine: 0.2, busy: 0.05, invalid: 0.15, noAnswer: 0.45 },
  30: { live: 0.3, machine: 0.2, busy: 0.05, invalid: 0.1, noAnswer: 0.35 },
  60: { live: 0.6, machine: 0.1, busy: 0.05, invalid: 0.05, noAnswer: 0.2 },
};

const folder = process.argv[2] ?? 'bench/scenarios/pacing/grid';
mkdirSync(folder, { recursive: true });
for (const agents of [10, 50, 200]) {
  for (const [live, outcomes] of Object.entries(mixes)) {
    for (const talk of [120, 300]) {
      const name = `n${agents}-p${live}-t${talk}`;
      // the full documented form, defaults spelled out, so a copy is a ready template
      const scenario = {
        name,
        agents,
        hours: 8,
        seeds: 10,
        outcomes,
        talkSeconds: { mean: talk, sd: talk },
        wrapSeconds: { mean: 15, sd: 7.5 },
        ringLiveSeconds: { mean: 8, sd: 5 },
        ringMachineSeconds: { mean: 18, sd: 6 },
        postDialDelaySeconds: { min: 1.5, max: 3.5 },
        noAnswerTimeoutSeconds: 25,
        abandonThresholdSeconds: 2,
        abandonCapPercent: 3,
        amd: null,
        shifts: [],
        breaks: null,
        list: null,
      };
      writeFileSync(path.join(folder, `${name}.json`), `${JSON.stringify(scenario, null, 2)}\n`);
    }
  }
}
