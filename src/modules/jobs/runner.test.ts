// The durable job runner: runs each job once, retries with backoff, reclaims a dead worker's
// lease, survives a restart, and never lets two workers take the same job.
import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { testDatabase, truncateAll } from '../../../test/harness.ts';
import { rows } from '../../db/query.ts';
import { manualClock } from '../../shared/clock.ts';
import { createEventBus } from '../../shared/events.ts';
import { seededRandom } from '../../shared/random.ts';
import { createJobRunner, PermanentJobError } from './runner.ts';

const handle = await testDatabase();
after(() => handle.close());
beforeEach(() => truncateAll(handle));

function runner(clock = manualClock(), workerId = 'w1', soleProcess = false) {
  const r = createJobRunner({ db: handle.db, clock, random: seededRandom(1), events: createEventBus(), workerId, soleProcess });
  const calls: number[] = [];
  let failUntil = 0;
  r.define<{ n: number }>({
    kind: 'test.echo',
    payload: Type.Object({ n: Type.Integer() }),
    async run({ payload, job }) {
      calls.push(payload.n);
      if (job.attempts <= failUntil) throw new Error(`flaky ${job.attempts}`);
      if (payload.n < 0) throw new PermanentJobError('negative');
      return { doubled: payload.n * 2 };
    },
  });
  return { r, clock, calls, failAttempts: (n: number) => (failUntil = n) };
}

const job = async (id: number) => (await rows<Record<string, unknown>>(handle.db, sql`select * from jobs where id = ${id}`))[0];

test('a job runs once and stores its result', async () => {
  const { r, calls } = runner();
  const j = await r.enqueue(handle.db, 'test.echo', { n: 21 });
  assert.equal(await r.runDue(), 1);
  assert.equal(await r.runDue(), 0);
  assert.deepEqual(calls, [21]);
  const row = await job(j.id);
  assert.equal(row.state, 'done');
  assert.deepEqual(row.result, { doubled: 42 });
});

test('a job scheduled for later waits for its run_at', async () => {
  const { r, clock, calls } = runner();
  await r.enqueue(handle.db, 'test.echo', { n: 1 }, { runAt: new Date(clock.now().getTime() + 60_000) });
  assert.equal(await r.runDue(), 0);
  clock.advance(60_000);
  assert.equal(await r.runDue(), 1);
  assert.deepEqual(calls, [1]);
});

test('a failing job is retried with growing backoff, then succeeds', async () => {
  const { r, clock, calls, failAttempts } = runner();
  failAttempts(2);
  const j = await r.enqueue(handle.db, 'test.echo', { n: 5 });
  await r.runDue();
  const first = await job(j.id);
  assert.equal(first.state, 'queued');
  assert.equal(first.last_error, 'flaky 1');
  const delay1 = new Date(first.run_at as string).getTime() - clock.now().getTime();
  assert.ok(delay1 >= 1500 && delay1 <= 2500, `first backoff ${delay1}`);
  assert.equal(await r.runDue(), 0, 'not before the backoff');
  clock.advance(delay1);
  await r.runDue();
  const second = await job(j.id);
  const delay2 = new Date(second.run_at as string).getTime() - clock.now().getTime();
  assert.ok(delay2 > delay1, 'backoff grows');
  clock.advance(delay2);
  await r.runDue();
  assert.equal((await job(j.id)).state, 'done');
  assert.deepEqual(calls, [5, 5, 5]);
});

test('a permanent error or exhausted attempts fail the job for good', async () => {
  const { r, clock, failAttempts } = runner();
  const neg = await r.enqueue(handle.db, 'test.echo', { n: -1 });
  await r.runDue();
  assert.equal((await job(neg.id)).state, 'failed');
  failAttempts(99);
  const flaky = await r.enqueue(handle.db, 'test.echo', { n: 3 }, { maxAttempts: 2 });
  await r.runDue();
  clock.advance(3_600_000);
  await r.runDue();
  const row = await job(flaky.id);
  assert.equal(row.state, 'failed');
  assert.equal(row.attempts, 2);
});

test('a dead worker’s job is taken over when its lease expires, and only then', async () => {
  const clock = manualClock();
  const a = runner(clock, 'worker-a');
  const j = await a.r.enqueue(handle.db, 'test.echo', { n: 7 });
  // worker a claimed it and died: simulate by marking it running under a's lease
  await handle.db.execute(
    sql`update jobs set state = 'running', locked_by = 'worker-a', locked_until = ${new Date(clock.now().getTime() + 60_000)}, attempts = 1 where id = ${j.id}`,
  );
  const b = runner(clock, 'worker-b');
  assert.equal(await b.r.runDue(), 0, 'lease still valid');
  clock.advance(61_000);
  assert.equal(await b.r.runDue(), 1);
  assert.equal((await job(j.id)).state, 'done');
});

test('a restarted single process requeues the jobs it was running when it died', async () => {
  const clock = manualClock();
  const a = runner(clock, 'old', true);
  const j = await a.r.enqueue(handle.db, 'test.echo', { n: 9 });
  await handle.db.execute(
    sql`update jobs set state = 'running', locked_by = 'old', locked_until = ${new Date(clock.now().getTime() + 60_000)} where id = ${j.id}`,
  );
  const restarted = runner(clock, 'new', true);
  await restarted.r.start();
  await restarted.r.stop();
  assert.equal((await job(j.id)).state, 'queued', 'its orphaned lease is released at start');
  await restarted.r.runDue();
  assert.equal((await job(j.id)).state, 'done');
  assert.deepEqual(restarted.calls, [9]);
});

test('a dedupe key makes enqueueing idempotent', async () => {
  const { r } = runner();
  const a = await r.enqueue(handle.db, 'test.echo', { n: 1 }, { dedupeKey: 'slot:2026-03-02T09:00' });
  const b = await r.enqueue(handle.db, 'test.echo', { n: 1 }, { dedupeKey: 'slot:2026-03-02T09:00' });
  assert.equal(a.id, b.id);
  assert.equal(Number((await rows<{ n: string }>(handle.db, sql`select count(*) as n from jobs`))[0].n), 1);
});

test('concurrent workers never run the same job twice (FOR UPDATE SKIP LOCKED)', async () => {
  const clock = manualClock();
  const workers = [runner(clock, 'a'), runner(clock, 'b'), runner(clock, 'c')];
  for (let i = 0; i < 60; i++) await workers[0].r.enqueue(handle.db, 'test.echo', { n: i });
  await Promise.all(workers.map((w) => w.r.runDue()));
  const all = workers.flatMap((w) => w.calls).sort((x, y) => x - y);
  assert.deepEqual(
    all,
    Array.from({ length: 60 }, (_, i) => i),
  );
  if (process.env.DATABASE_URL) assert.ok(workers.filter((w) => w.calls.length > 0).length > 1, 'on PostgreSQL the work is shared');
});

test('an unknown payload shape is refused at enqueue', async () => {
  const { r } = runner();
  await assert.rejects(r.enqueue(handle.db, 'test.echo', { n: 'x' }), /Invalid payload/);
  await assert.rejects(r.enqueue(handle.db, 'test.nope', {}), /Unknown job kind/);
});
