// AS-5: case group actions on a selection or a filter — assign to an agent, change status,
// set priority, delete. Status changes go through the same transition as an agent's save, so
// each case gets its history row.
import { sql } from 'drizzle-orm';
import { type Static, Type } from 'typebox';
import type { Db } from '../../db/client.ts';
import { pgArray, rows } from '../../db/query.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { getCampaign } from '../campaigns/repo.ts';
import { campaignStatusRows } from '../statuses/repo.ts';
import { CaseFilter, caseWhere } from './list.ts';
import { lockCase, transitionCase } from './transition.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const GroupAction = Type.Object(
  {
    caseIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { minItems: 1, maxItems: 10_000 })),
    filter: Type.Optional(CaseFilter),
    action: Type.Union([
      Type.Object({ kind: Type.Literal('assign_agent'), agentId: Type.Union([Id, Type.Null()]) }, { additionalProperties: false }),
      Type.Object(
        {
          kind: Type.Literal('set_status'),
          statusId: Id,
          note: Type.Optional(Type.String({ maxLength: 2000 })),
          callbackAt: Type.Optional(Type.String({ format: 'date-time' })),
        },
        { additionalProperties: false },
      ),
      Type.Object({ kind: Type.Literal('set_priority'), priority: Type.Integer({ minimum: -100, maximum: 100 }) }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('delete') }, { additionalProperties: false }),
    ]),
  },
  { additionalProperties: false },
);
export type GroupAction = Static<typeof GroupAction>;

const MAX_STATUS_CHANGES = 10_000;

async function targetIds(db: Db, campaignId: number, req: GroupAction): Promise<number[]> {
  if (!req.caseIds && !req.filter) throw invalid('caseIds', 'Select cases or give a filter');
  const where = req.filter ? caseWhere(campaignId, req.filter) : sql`k.campaign_id = ${campaignId} and k.released_at is null`;
  const ids = req.caseIds ? sql`and k.id = any(${pgArray(req.caseIds)}::bigint[])` : sql``;
  return (await rows<{ id: string }>(db, sql`select k.id from cases k join contacts ct on ct.id = k.contact_id where ${where} ${ids} order by k.id`)).map((r) =>
    Number(r.id),
  );
}

export async function runGroupAction(db: Db, campaignId: number, req: GroupAction, ctx: { userId: number; now: Date }): Promise<{ affected: number }> {
  const campaign = await getCampaign(db, campaignId);
  const ids = await targetIds(db, campaignId, req);
  const a = req.action;
  if (!ids.length) return { affected: 0 };
  const list = pgArray(ids);
  switch (a.kind) {
    case 'assign_agent': {
      if (a.agentId !== null) {
        const ok = await rows<{ id: number }>(db, sql`select id from users where id = ${a.agentId} and role = 'agent' and active`);
        if (!ok.length) throw invalid('action.agentId', 'Not an active agent');
      }
      // the case becomes a private matter of that agent (or public again with null)
      const r = await rows<{ n: number }>(
        db,
        sql`with x as (update cases set owner_id = ${a.agentId}, responsible_id = coalesce(${a.agentId}::int, responsible_id),
          queue = case when ${a.agentId}::int is not null and queue in ('fresh', 'retry', 'end_of_queue', 'progressive') then 'callback' else queue end,
          callable_at = case when ${a.agentId}::int is not null and queue in ('fresh', 'retry', 'end_of_queue', 'progressive') then coalesce(callable_at, ${ctx.now}) else callable_at end
        where id = any(${list}::bigint[]) and queue not in ('closed', 'waiting') returning 1) select count(*)::int as n from x`,
      );
      return { affected: r[0].n };
    }
    case 'set_priority': {
      const r = await rows<{ n: number }>(
        db,
        sql`with x as (update cases set priority = ${a.priority} where id = any(${list}::bigint[]) returning 1) select count(*)::int as n from x`,
      );
      return { affected: r[0].n };
    }
    case 'delete': {
      // the contacts go back to the database; the rows stay for history and statistics
      const r = await rows<{ n: number }>(
        db,
        sql`with x as (update cases set released_at = ${ctx.now}, closed_reason = 'deleted', closed_at = coalesce(closed_at, ${ctx.now}), locked_by = null, locked_until = null
          where id = any(${list}::bigint[]) and released_at is null returning 1) select count(*)::int as n from x`,
      );
      return { affected: r[0].n };
    }
    case 'set_status': {
      if (ids.length > MAX_STATUS_CHANGES)
        throw new AppError('validation_failed', `At most ${MAX_STATUS_CHANGES} cases per status change`, { field: 'caseIds' });
      const all = await campaignStatusRows(db, campaignId);
      const status = all.find((s) => s.id === a.statusId);
      if (!status) throw invalid('action.statusId', 'This status does not belong to the campaign');
      let affected = 0;
      for (const id of ids) {
        await db.transaction(async (tx) => {
          const c = await lockCase(tx, id);
          if (c.releasedAt || c.lockedBy !== null) return; // an agent is working it now
          await transitionCase(tx, c, {
            campaign,
            status,
            statuses: all,
            actorId: ctx.userId,
            source: 'supervisor',
            note: a.note,
            agentCallbackAt: a.callbackAt ? new Date(a.callbackAt) : null,
            now: ctx.now,
          });
          affected++;
        });
      }
      return { affected };
    }
  }
}
