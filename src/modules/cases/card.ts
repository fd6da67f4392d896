// AG-1 / CP-8: everything about one case that the agent panel and the supervisor show.
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isoDates, rows } from '../../db/query.ts';
import { attempts, cases, customFields } from '../../db/schema.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { PublicUser } from '../auth/users-repo.ts';
import { can } from '../auth/roles.ts';
import { listActions } from '../actions/repo.ts';
import { getCampaign } from '../campaigns/repo.ts';
import { getContact, timeline } from '../contacts/repo.ts';
import { agentPicksTime, agentSelectable, campaignStatusRows } from '../statuses/repo.ts';

/** Agents see the cases they hold, own or last worked; supervisors and managers see all. */
export async function checkCaseAccess(db: Db, user: PublicUser, caseId: number) {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('Case', 'caseId');
  if (can(user.role, 'cases.read')) return c;
  if (c.lockedBy === user.id || c.ownerId === user.id || c.lastAgentId === user.id) return c;
  throw new AppError('forbidden', 'This case is not yours');
}

export async function caseHistory(db: Db, caseId: number) {
  return rows<Record<string, unknown>>(
    db,
    sql`select h.id, h.at, h.from_status_id as "fromStatusId", fs.name as "fromStatus", h.to_status_id as "toStatusId", ts.name as "toStatus",
      h.qualifier, h.queue, h.callable_at as "callableAt", h.owner_id as "ownerId", h.responsible_id as "responsibleId",
      ru.display_name as "responsible", h.requester_id as "requesterId", coalesce(qu.display_name, 'system') as requester, h.source, h.note, h.attempt_id as "attemptId"
    from case_history h left join statuses fs on fs.id = h.from_status_id left join statuses ts on ts.id = h.to_status_id
      left join users ru on ru.id = h.responsible_id left join users qu on qu.id = h.requester_id
    where h.case_id = ${caseId} order by h.at desc, h.id desc limit 500`,
  ).then((r) => isoDates(r, ['at', 'callableAt']));
}

export async function caseCard(db: Db, caseId: number) {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('Case', 'caseId');
  const campaign = await getCampaign(db, c.campaignId);
  const contact = await getContact(db, c.contactId);
  const statuses = await campaignStatusRows(db, c.campaignId);
  const previous = await db.select().from(attempts).where(eq(attempts.caseId, caseId)).orderBy(desc(attempts.endedAt)).limit(100);
  const [names] = await rows<{ owner: string | null; locker: string | null; status: string | null }>(
    db,
    sql`select (select display_name from users where id = ${c.ownerId}) as owner, (select display_name from users where id = ${c.lockedBy}) as locker,
      (select name from statuses where id = ${c.statusId}) as status`,
  );
  return {
    case: { ...c, statusName: names.status, ownerName: names.owner, lockedByName: names.locker },
    campaign: {
      id: campaign.id,
      name: campaign.name,
      mode: campaign.mode,
      previewSeconds: campaign.previewSeconds,
      phoneColumn: campaign.phoneColumn,
      script: c.stage === 'confirmation' && campaign.confirmationScript.length ? campaign.confirmationScript : campaign.script,
    },
    contact,
    phone: campaign.phoneColumn === 'phone2' ? contact.phone2 : contact.phone1,
    statuses: statuses
      .filter(agentSelectable)
      .map((s) => ({ id: s.id, name: s.name, color: s.color, qualifier: s.qualifier, agentPicksTime: agentPicksTime(s.qualifier) })),
    attempts: previous,
    history: await caseHistory(db, caseId),
    /** AC-1: the automatic actions its statuses ran, with their state and reason */
    actions: await listActions(db, { caseId, limit: 100 }),
    timeline: await timeline(db, c.contactId, 100),
    /** labels of the custom contact fields (agents cannot read the field list) */
    fieldLabels: Object.fromEntries((await db.select({ key: customFields.key, label: customFields.label }).from(customFields)).map((f) => [f.key, f.label])),
  };
}
