// The crash test (issue 4): SIGKILL the process in the middle of a simulated predictive day,
// start it again on the same database, and show that nothing committed is lost and the calls
// that were in flight are reconciled.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { rows } from '../src/db/query.ts';

const child = path.join(import.meta.dirname, 'fixtures', 'crash-day.ts');

function run(phase: string, dataDir: string, until?: (line: { calls?: number }) => boolean) {
  const proc = spawn(process.execPath, [child, phase, dataDir], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  const lines: unknown[] = [];
  return new Promise<{ lines: unknown[]; signal: NodeJS.Signals | null; code: number | null }>((resolve) => {
    readline.createInterface({ input: proc.stdout }).on('line', (l) => {
      const parsed = JSON.parse(l);
      lines.push(parsed);
      if (until?.(parsed)) proc.kill('SIGKILL');
    });
    proc.on('exit', (code, signal) => resolve({ lines, signal, code }));
  });
}

async function snapshot(dataDir: string) {
  const handle = await openDatabase({ url: process.env.DATABASE_URL, dataDir });
  const one = async (q: ReturnType<typeof sql>) => (await rows<Record<string, number>>(handle.db, q))[0];
  const s = {
    attempts: await one(sql`select count(*)::int as n, coalesce(max(id), 0)::int as max from attempts`),
    history: await one(sql`select count(*)::int as n, coalesce(max(id), 0)::int as max from case_history`),
    jobs: await one(sql`select count(*)::int as n from jobs`),
    callbacks: await rows<{ id: string; at: string }>(handle.db, sql`select id, callable_at::text as at from cases where queue = 'callback'`),
    open: await one(sql`select count(*)::int as n from calls where ended_at is null`),
    heldByDialer: await one(
      sql`select count(*)::int as n from cases k where locked_by = 0 and not exists (select 1 from calls c where c.case_id = k.id and c.ended_at is null)`,
    ),
    statuses: new Map((await rows<{ id: string; status_id: number | null }>(handle.db, sql`select id, status_id from cases`)).map((r) => [r.id, r.status_id])),
  };
  return { s, handle };
}

test('SIGKILL mid-campaign: committed statuses, callbacks and jobs survive; calls in flight are reconciled', { timeout: 240_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-crash-'));
  const first = await run('first', dataDir, (l) => (l.calls ?? 0) >= 150);
  assert.equal(first.signal, 'SIGKILL', 'the first process was killed, not finished');

  const before = await snapshot(dataDir);
  const b = before.s;
  assert.ok(b.attempts.n > 50, `calls were worked before the kill (${b.attempts.n} attempts)`);
  assert.ok(b.callbacks.length > 0, 'callbacks were set before the kill');
  await before.handle.close();

  const resumed = await run('resume', dataDir);
  assert.equal(resumed.code, 0, 'the restarted process ran cleanly');
  const report = resumed.lines.at(-1) as { reconciled: number; invariants: Record<string, number>; errors: number };
  assert.equal(report.errors, 0);
  assert.ok(b.open.n > 0, 'calls were in flight at the kill');
  assert.equal(report.reconciled, b.open.n, 'every call left open by the killed process was reconciled');
  // the abandon cap is a day-scale property (the simulate run and the pacing benchmark check it), not one of minutes
  for (const [k, v] of Object.entries(report.invariants)) if (k !== 'capExceeded') assert.equal(v, 0, `invariant ${k}`);

  const after = await openDatabase({ url: process.env.DATABASE_URL, dataDir });
  const one = async (q: ReturnType<typeof sql>) => (await rows<Record<string, number>>(after.db, q))[0];
  // nothing committed before the kill is gone
  assert.equal((await one(sql`select count(*)::int as n from attempts where id <= ${b.attempts.max}`)).n, b.attempts.n);
  assert.equal((await one(sql`select count(*)::int as n from case_history where id <= ${b.history.max}`)).n, b.history.n);
  assert.ok((await one(sql`select count(*)::int as n from jobs`)).n >= b.jobs.n, 'no job lost');
  // a case's status changed after the restart only through a new history row
  const changed = await rows<{ id: string; status_id: number | null }>(after.db, sql`select id, status_id from cases`);
  const newHistory = new Set(
    (await rows<{ case_id: string }>(after.db, sql`select distinct case_id from case_history where id > ${b.history.max}`)).map((r) => r.case_id),
  );
  for (const c of changed) if (b.statuses.get(c.id) !== c.status_id) assert.ok(newHistory.has(c.id), `case ${c.id} changed status without history`);
  // every callback set before the kill is still there, at its time, unless the case was worked since
  const callbacksNow = new Map(
    (await rows<{ id: string; at: string }>(after.db, sql`select id, callable_at::text as at from cases where queue = 'callback'`)).map((r) => [r.id, r.at]),
  );
  for (const cb of b.callbacks) if (!newHistory.has(cb.id)) assert.equal(callbacksNow.get(cb.id), cb.at, `callback of case ${cb.id} kept`);
  // no call of the dead process is left open, no case held by a dialer that is gone
  assert.equal((await one(sql`select count(*)::int as n from calls where ended_at is null and owner = 'first'`)).n, 0);
  assert.equal(
    (
      await one(
        sql`select count(*)::int as n from cases k where locked_by = 0 and not exists (select 1 from calls c where c.case_id = k.id and c.ended_at is null)`,
      )
    ).n,
    0,
  );
  assert.equal(
    (await one(sql`select count(*)::int as n from agent_states where state in ('dialing', 'talking') and call_id in (select id from calls where reconciled)`))
      .n,
    0,
  );
  await after.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
