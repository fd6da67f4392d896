// AC-1 "move the case to another campaign" and "create a copy of the case" (param = campaign id).
//
// A contact is held by one campaign at a time (README "In use lives on the case": a partial
// unique index on active cases), so a copy cannot live beside its original. Both actions
// therefore hand the contact over: the source case is released from its campaign (its status,
// history, attempts and success stay in that campaign's results, as when a campaign stops), and
// the contact gets a case in the target campaign with the target's initial status, as an
// assignment would give it. They differ in what the new case carries:
//   move — nothing: the contact starts over in the target campaign;
//   copy — the source case's data: script answers and rule parameters, priority, responsible person.
// A contact that had a case in the target before (released) gets that case back, reopened.
// Both run inside the action's transaction: the release, the new case and the action's result
// commit together.
import { sql } from 'drizzle-orm';
import { rows } from '../../../db/query.ts';
import type { AppEvent } from '../../../shared/events.ts';
import { caseDefaults } from '../../cases/case-defaults.ts';
import { ActionFailure } from '../handler.ts';
import type { DbActionHandler } from '../run-action.ts';

export function transferCaseHandler(mode: 'move' | 'copy'): DbActionHandler {
  return async (ctx) => {
    const targetId = Number(ctx.param);
    if (!Number.isInteger(targetId) || targetId <= 0) throw new ActionFailure(`"${ctx.param}" is not a campaign: choose the target campaign`);
    const [target] = await rows<{ id: number; name: string; state: string }>(ctx.db, sql`select id, name, state from campaigns where id = ${targetId}`);
    if (!target) throw new ActionFailure(`Campaign ${targetId} does not exist`);
    if (target.id === ctx.campaignId) throw new ActionFailure(`The case is already in campaign ${target.id} (${target.name})`);
    if (target.state === 'stopped' || target.state === 'finished') throw new ActionFailure(`Campaign ${target.id} (${target.name}) is ${target.state}`);
    const [source] = await rows<{
      released_at: Date | null;
      used: boolean;
      created_at: Date;
      params: unknown;
      priority: number;
      responsible_id: number | null;
    }>(ctx.db, sql`select released_at, used, created_at, params, priority, responsible_id from cases where id = ${ctx.caseId} for update`);
    if (source.released_at) throw new ActionFailure('The case has already left its campaign');
    // the source lets the contact go (releaseCases: a used case leaves its assignment as the contact's last use)
    await ctx.db.execute(sql`update cases set released_at = ${ctx.now}, locked_by = null, locked_until = null where id = ${ctx.caseId}`);
    if (source.used)
      await ctx.db.execute(
        sql`update contacts set last_used_at = greatest(last_used_at, ${new Date(source.created_at)}::timestamptz) where id = ${ctx.contactId}`,
      );
    const defaults = await caseDefaults(ctx.db, targetId);
    const copy = mode === 'copy';
    const carried = copy ? JSON.stringify(source.params ?? {}) : '{}';
    const [created] = await rows<{ id: string; reopened: boolean }>(
      ctx.db,
      sql`insert into cases as k (campaign_id, contact_id, created_at, status_id, tz, params, priority, responsible_id)
        select ${targetId}, c.id, ${ctx.now}, ${defaults.initialStatusId}::int, ${defaults.zone}, ${carried}::jsonb,
          ${copy ? source.priority : 0}, ${copy ? source.responsible_id : null}::int
        from contacts c where c.id = ${ctx.contactId}
        on conflict (campaign_id, contact_id) do update set released_at = null, closed_at = null, closed_reason = null,
          status_id = excluded.status_id, qualifier = null, queue = 'fresh', callable_at = null, owner_id = null, stage = 'main',
          locked_by = null, locked_until = null, tz = excluded.tz, created_at = excluded.created_at,
          params = k.params || excluded.params, priority = excluded.priority, responsible_id = excluded.responsible_id
        where k.released_at is not null
        returning id, (xmax <> 0) as reopened`,
    );
    if (!created) throw new ActionFailure(`The contact is already active in campaign ${target.id}`);
    const caseId = Number(created.id);
    const from = await rows<{ name: string }>(ctx.db, sql`select name from campaigns where id = ${ctx.campaignId}`);
    const note = `${copy ? 'Copied' : 'Moved'} from campaign ${ctx.campaignId} (${from[0]?.name ?? ''}), case ${ctx.caseId}`;
    await ctx.db.execute(
      sql`insert into case_history (case_id, campaign_id, at, from_status_id, to_status_id, qualifier, queue, source, note)
        values (${caseId}, ${targetId}, ${ctx.now}, null, ${defaults.initialStatusId}::int, null, 'fresh', 'system', ${note})`,
    );
    const events: AppEvent[] = [
      { type: 'campaign.changed', userId: null, campaignId: ctx.campaignId },
      { type: 'campaign.changed', userId: null, campaignId: targetId },
    ];
    const verb = copy ? 'copied' : 'moved';
    return {
      detail: `${verb} to campaign ${target.id} (${target.name}) as case ${caseId}${created.reopened ? ' (its earlier case there, reopened)' : ''}`,
      events,
    };
  };
}
