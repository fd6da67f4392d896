// AC-1: managers' action lists refresh when a status change schedules actions. Actions are
// recorded inside `transitionCase`, which only has the transaction (its callers — agent saves, the
// dialer, group actions, action results, inbound mail — publish nothing about actions), so the
// transaction itself announces them with a NOTIFY: sent only if it commits, and heard by every
// process, each telling its own browsers (`receive`, not `publish`: no second round trip).
import { sql } from 'drizzle-orm';
import type { Db, DbHandle } from '../../db/client.ts';
import type { EventBus } from '../../shared/events.ts';

export const ACTIONS_CHANNEL = 'parley_actions';

/** Inside the transaction that recorded a case's actions. */
export async function announceScheduledActions(tx: Db, c: { id: number; campaignId: number }) {
  await tx.execute(sql`select pg_notify(${ACTIONS_CHANNEL}, ${JSON.stringify({ caseId: c.id, campaignId: c.campaignId })})`);
}

/** Turns the committed announcements into `actions.changed` events on this process's bus. */
export async function relayScheduledActions(handle: Pick<DbHandle, 'listen'>, events: Pick<EventBus, 'receive'>) {
  await handle.listen(ACTIONS_CHANNEL, (payload) => {
    const { caseId, campaignId } = JSON.parse(payload) as { caseId: number; campaignId: number };
    events.receive({ type: 'actions.changed', userId: null, campaignId, caseId });
  });
}
