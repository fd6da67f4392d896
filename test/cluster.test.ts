// Two Parley processes on one database: an event published in one reaches the other's
// listeners (WebSocket clients), and a job enqueued by one wakes the other's worker.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventForwarder, joinCluster } from '../src/cluster.ts';
import { type DbHandle, openDatabase } from '../src/db/client.ts';
import type { JobRunner } from '../src/modules/jobs/runner.ts';
import { type AppEvent, createEventBus } from '../src/shared/events.ts';
import { testDatabase } from './harness.ts';

const a = await testDatabase();
// a second connection pool stands for a second process on PostgreSQL; PGlite has one process
const b: DbHandle = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL, dataDir: '' }) : a;
after(async () => {
  if (b !== a) await b.close();
  await a.close();
});

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await sleep(20);
  return check();
}

test('events cross processes once, and a process does not receive its own echo', async () => {
  const busA = createEventBus(eventForwarder(a, 'process-a', () => {}));
  const busB = createEventBus(eventForwarder(b, 'process-b', () => {}));
  const wakes = { a: 0, b: 0 };
  const fakeJobs = (k: 'a' | 'b') => ({ wake: () => wakes[k]++ }) as unknown as JobRunner;
  await joinCluster(a, 'process-a', busA, fakeJobs('a'));
  await joinCluster(b, 'process-b', busB, fakeJobs('b'));
  const seenA: AppEvent[] = [];
  const seenB: AppEvent[] = [];
  busA.subscribe((e) => seenA.push(e));
  busB.subscribe((e) => seenB.push(e));

  const event: AppEvent = { type: 'job.progress', jobId: 7, kind: 'contacts.assign', userId: 3, progress: { done: 5, total: 10 } };
  busA.publish(event);
  assert.ok(await until(() => seenB.length === 1), 'the other process got it');
  assert.deepEqual(seenB[0], event);
  await sleep(100);
  assert.equal(seenA.length, 1, 'delivered locally once, the NOTIFY echo ignored');

  await a.db.execute("select pg_notify('parley_jobs', '')" as never);
  assert.ok(await until(() => wakes.a > 0 && wakes.b > 0), 'every worker woke');
});
