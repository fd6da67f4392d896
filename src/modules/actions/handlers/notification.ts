// AC-1 notification: a message to one user (param = user id), stored and pushed over the
// WebSocket. It runs inside the action's transaction, and the action id is unique on the
// notification, so a retried action never notifies twice.
import { sql } from 'drizzle-orm';
import { rows } from '../../../db/query.ts';
import { ActionFailure } from '../handler.ts';
import { actionFacts, contactLabel } from '../facts.ts';
import type { DbActionHandler } from '../run-action.ts';

export const notificationHandler: DbActionHandler = async (ctx) => {
  const userId = Number(ctx.param);
  if (!Number.isInteger(userId) || userId <= 0) throw new ActionFailure(`"${ctx.param}" is not a user: choose the user to notify`);
  const [user] = await rows<{ id: number; display_name: string; active: boolean }>(
    ctx.db,
    sql`select id, display_name, active from users where id = ${userId}`,
  );
  if (!user) throw new ActionFailure(`User ${userId} does not exist`);
  if (!user.active) throw new ActionFailure(`User ${user.display_name} is deactivated`);
  const f = await actionFacts(ctx.db, ctx.idempotencyKey);
  const text = `${contactLabel(f.contact)}: ${f.statusName} (${f.campaignName})`;
  const [n] = await rows<{ id: string }>(
    ctx.db,
    sql`insert into notifications (user_id, text, case_id, campaign_id, action_id, created_at)
      values (${userId}, ${text}, ${ctx.caseId}, ${ctx.campaignId}, ${f.actionId}, ${ctx.now})
      on conflict (action_id) do nothing returning id`,
  );
  if (!n) return { detail: `already notified ${user.display_name}` };
  return {
    detail: `notified ${user.display_name}`,
    events: [
      {
        type: 'notification',
        userId,
        notification: { id: Number(n.id), text, caseId: ctx.caseId, campaignId: ctx.campaignId, createdAt: ctx.now.toISOString() },
      },
    ],
  };
};
