// Several Parley processes on one PostgreSQL: events reach every process's WebSocket clients,
// and an enqueued job wakes every worker, through LISTEN/NOTIFY. On PGlite (one process) the
// same code runs and simply talks to itself.
import { sql } from 'drizzle-orm';
import type { DbHandle } from './db/client.ts';
import type { JobRunner } from './modules/jobs/runner.ts';
import type { AppEvent, EventBus } from './shared/events.ts';

export const EVENTS_CHANNEL = 'parley_events';
export const JOBS_CHANNEL = 'parley_jobs';
const MAX_NOTIFY_BYTES = 7900; // PostgreSQL's limit is 8000

/** Forwards this process's events to the others; NOTIFY payloads are tagged with the sender. */
export function eventForwarder(handle: DbHandle, processId: string, onError: (err: unknown) => void) {
  return (event: AppEvent) => {
    const payload = JSON.stringify({ from: processId, event });
    if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) return;
    handle.db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`).catch(onError);
  };
}

export async function joinCluster(handle: DbHandle, processId: string, events: EventBus, jobs: JobRunner) {
  await handle.listen(EVENTS_CHANNEL, (payload) => {
    const { from, event } = JSON.parse(payload) as { from: string; event: AppEvent };
    if (from !== processId) events.receive(event);
  });
  await handle.listen(JOBS_CHANNEL, () => jobs.wake());
}
