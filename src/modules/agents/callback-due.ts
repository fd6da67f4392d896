// A private callback's due time reaches its owner as a push (never polled): a durable job at the
// callback time, deduplicated per case and time, that checks the callback still stands.
import { sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import type { EventBus } from '../../shared/events.ts';
import type { JobDefinition } from '../jobs/runner.ts';

export const CALLBACK_DUE_JOB = 'callbacks.due';
const Payload = Type.Object({ caseId: Type.Integer(), ownerId: Type.Integer(), at: Type.String() });

export function callbackDueJob(deps: { db: Db; events: EventBus }): JobDefinition<Static<typeof Payload>> {
  return {
    kind: CALLBACK_DUE_JOB,
    payload: Payload,
    async run({ payload }) {
      const [c] = await rows<{ campaign_id: number }>(
        deps.db,
        sql`select campaign_id from cases where id = ${payload.caseId} and owner_id = ${payload.ownerId}
          and queue = 'callback' and callable_at = ${new Date(payload.at)} and released_at is null`,
      );
      if (!c) return { notified: false };
      deps.events.publish({ type: 'callback.due', userId: payload.ownerId, caseId: payload.caseId, campaignId: c.campaign_id, at: payload.at });
      deps.events.publish({ type: 'callbacks.changed', userId: payload.ownerId });
      return { notified: true };
    },
  };
}
