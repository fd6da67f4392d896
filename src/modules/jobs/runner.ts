// Durable jobs: a row per job, claimed with FOR UPDATE SKIP LOCKED under a lease, retried with
// backoff, reclaimed after a crash. Handlers must be idempotent (they checkpoint their progress
// in the same transactions as their effects), so "runs once" holds across restarts.
import { sql } from 'drizzle-orm';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Database, Db } from '../../db/client.ts';
import { jobs } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { EventBus } from '../../shared/events.ts';
import type { Random } from '../../shared/random.ts';
import { rows } from '../../db/query.ts';

export type Job = typeof jobs.$inferSelect;

export interface JobContext<P> {
  job: Job;
  payload: P;
  /** Saves progress (and renews the lease); pushed to the job owner's browser. */
  progress(progress: Record<string, unknown>, db?: Db): Promise<void>;
}

export interface JobDefinition<P = unknown> {
  kind: string;
  payload: TSchema;
  maxAttempts?: number;
  run(ctx: JobContext<P>): Promise<Record<string, unknown> | undefined>;
}

/** Thrown by a handler for a failure that retrying cannot fix. */
export class PermanentJobError extends Error {}

const LEASE_MS = 60_000;
const MAX_IDLE_MS = 2_000;

export interface JobRunnerDeps {
  db: Database;
  clock: Clock;
  random: Random;
  events: EventBus;
  workerId: string;
  log?: { error(obj: unknown, msg?: string): void };
  /** true when this process is the only one using the database (PGlite): orphaned leases are its own */
  soleProcess: boolean;
}

export function createJobRunner(deps: JobRunnerDeps) {
  const { db, clock, events } = deps;
  const definitions = new Map<string, JobDefinition<never>>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = true;
  let loop: Promise<void> = Promise.resolve();

  function define<P>(def: JobDefinition<P>) {
    definitions.set(def.kind, def as JobDefinition<never>);
  }

  async function enqueue(
    executor: Db,
    kind: string,
    payload: Record<string, unknown>,
    opts: { runAt?: Date; dedupeKey?: string; createdBy?: number | null; maxAttempts?: number } = {},
  ): Promise<Job> {
    const def = definitions.get(kind);
    if (!def) throw new Error(`Unknown job kind ${kind}`);
    if (!Value.Check(def.payload, payload)) throw new Error(`Invalid payload for job ${kind}`);
    const now = clock.now();
    const [job] = await executor
      .insert(jobs)
      .values({
        kind,
        payload,
        runAt: opts.runAt ?? now,
        dedupeKey: opts.dedupeKey,
        createdBy: opts.createdBy ?? null,
        maxAttempts: opts.maxAttempts ?? def.maxAttempts ?? 5,
        createdAt: now,
      })
      .onConflictDoUpdate({ target: jobs.dedupeKey, set: { dedupeKey: sql`excluded.dedupe_key` } })
      .returning();
    // delivered at commit when enqueued inside a transaction: every process's worker wakes
    await executor.execute(sql`select pg_notify('parley_jobs', '')`);
    wake();
    return job;
  }

  async function claim(): Promise<Job | undefined> {
    const now = clock.now();
    const until = new Date(now.getTime() + LEASE_MS);
    const result = await rows<Record<string, unknown>>(
      db,
      sql`
      update jobs set state = 'running', attempts = attempts + 1, locked_by = ${deps.workerId}, locked_until = ${until}
      where id = (
        select id from jobs
        where (state = 'queued' and run_at <= ${now}) or (state = 'running' and locked_until < ${now})
        order by run_at, id limit 1 for update skip locked)
      returning id`,
    );
    const id = result[0]?.id;
    if (id === undefined) return undefined;
    const [job] = await db
      .select()
      .from(jobs)
      .where(sql`id = ${Number(id)}`);
    return job;
  }

  async function execute(job: Job) {
    const def = definitions.get(job.kind);
    const finish = async (state: 'done' | 'failed', fields: Partial<Job>) => {
      await db
        .update(jobs)
        .set({ state, lockedUntil: null, lockedBy: null, finishedAt: clock.now(), ...fields })
        .where(sql`id = ${job.id}`);
      // system jobs (no creator) have nobody's jobs tray to update
      if (job.createdBy !== null)
        events.publish({
          type: 'job.finished',
          jobId: job.id,
          kind: job.kind,
          userId: job.createdBy,
          state,
          result: fields.result ?? null,
          error: fields.lastError ?? null,
        });
    };
    if (!def) return finish('failed', { lastError: `No handler for job kind ${job.kind}` });
    if (!Value.Check(def.payload, job.payload)) return finish('failed', { lastError: 'Invalid job payload' });
    const ctx: JobContext<never> = {
      job,
      payload: job.payload as never,
      async progress(progress, executor = db) {
        const until = new Date(clock.now().getTime() + LEASE_MS);
        await executor.update(jobs).set({ progress, lockedUntil: until }).where(sql`id = ${job.id}`);
        events.publish({ type: 'job.progress', jobId: job.id, kind: job.kind, userId: job.createdBy, progress });
      },
    };
    try {
      const result = await def.run(ctx);
      await finish('done', { result: result ?? {} });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.log?.error({ err, jobId: job.id, kind: job.kind }, 'job failed');
      if (err instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
        await finish('failed', { lastError: message });
      } else {
        // exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 10 minutes
        const delay = Math.min(600_000, 1000 * 2 ** job.attempts) * (0.75 + deps.random.next() / 2);
        await db
          .update(jobs)
          .set({ state: 'queued', runAt: new Date(clock.now().getTime() + delay), lastError: message, lockedUntil: null, lockedBy: null })
          .where(sql`id = ${job.id}`);
      }
    }
  }

  /** Runs every due job, one at a time; returns how many ran. Tests call this directly. */
  async function runDue(): Promise<number> {
    let count = 0;
    for (let job = await claim(); job; job = await claim()) {
      await execute(job);
      count++;
    }
    return count;
  }

  async function tick() {
    if (running || stopped) return;
    running = true;
    try {
      await runDue();
    } catch (err) {
      deps.log?.error({ err }, 'job loop error');
    } finally {
      running = false;
    }
    if (!stopped) schedule(await msUntilNextDue());
  }

  async function msUntilNextDue(): Promise<number> {
    const r = await rows<{ next: string | null }>(db, sql`select min(run_at)::text as next from jobs where state = 'queued'`);
    const next = r[0]?.next;
    if (!next) return MAX_IDLE_MS;
    return Math.max(0, Math.min(MAX_IDLE_MS, new Date(next).getTime() - clock.now().getTime()));
  }

  function schedule(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      loop = tick();
    }, ms);
  }

  function wake() {
    if (!stopped && !running) schedule(0);
  }

  async function start() {
    if (deps.soleProcess) {
      // nobody else can hold these leases: they were ours when the process died
      await db.execute(sql`update jobs set state = 'queued', locked_until = null, locked_by = null where state = 'running'`);
    }
    stopped = false;
    schedule(0);
  }

  async function stop() {
    stopped = true;
    clearTimeout(timer);
    await loop;
  }

  return { define, enqueue, runDue, start, stop, wake };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
