// PR-1..PR-7: a process is saved whole (the graph editor's document). Statuses keep their id
// across saves by key, so cases keep their status; a status removed from the graph is marked
// deleted (cases in it stay readable) and exits can no longer point at it.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { processes, statuses } from '../../db/schema.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { StatusRow } from '../statuses/repo.ts';
import { type ActionRefs, referencedIds } from './action-params.ts';
import { lintProcess } from './lint.ts';
import { emptyExits, type LintFinding, type ProcessDef, type ProcessStatusDef, type StatusExits } from './types.ts';

export type ProcessRow = typeof processes.$inferSelect;

function toStatusDef(s: StatusRow): ProcessStatusDef & { id: number } {
  return {
    id: s.id,
    key: s.key ?? String(s.id),
    name: s.name,
    description: s.description,
    responsibleUserId: s.responsibleUserId,
    availability: s.availability,
    qualifier: s.qualifier as ProcessStatusDef['qualifier'],
    callbackDelaySeconds: s.callbackDelaySeconds,
    callbackAt: s.callbackAt ? s.callbackAt.toISOString() : null,
    color: s.color,
    initial: s.initial,
    x: s.x,
    y: s.y,
    exits: { ...emptyExits(), ...(s.exits as Partial<StatusExits>) },
  };
}

export async function processStatuses(db: Db, processId: number): Promise<StatusRow[]> {
  return db
    .select()
    .from(statuses)
    .where(and(eq(statuses.processId, processId), isNull(statuses.deletedAt)))
    .orderBy(asc(statuses.position), asc(statuses.id));
}

export async function getProcess(db: Db, id: number) {
  const [p] = await db.select().from(processes).where(eq(processes.id, id));
  if (!p) throw notFound('Process', 'processId');
  const list = (await processStatuses(db, id)).map(toStatusDef);
  const def: ProcessDef = { name: p.name, description: p.description, kind: p.kind, inboundStatusKeys: p.inboundStatusKeys, statuses: list };
  const campaignIds = (await rows<{ id: number }>(db, sql`select id from campaigns where process_id = ${id} order by id`)).map((r) => r.id);
  return { id: p.id, ...def, statuses: list, findings: lintProcess(def, await loadActionRefs(db, def)).findings, campaignIds, updatedAt: p.updatedAt };
}

/** What the process's actions name and exists: active users, campaigns, e-mail templates (for the linter). */
export async function loadActionRefs(db: Db, def: ProcessDef): Promise<ActionRefs> {
  const ids = referencedIds(def);
  const existing = async (table: 'users' | 'campaigns' | 'mail_templates', list: number[]) => {
    if (!list.length) return new Set<number>();
    const only = table === 'users' ? sql`and active` : sql``;
    const r = await rows<{ id: number }>(db, sql`select id from ${sql.identifier(table)} where id = any(${`{${list.join(',')}}`}::int[]) ${only}`);
    return new Set(r.map((x) => Number(x.id)));
  };
  return {
    userIds: await existing('users', ids.userIds),
    campaignIds: await existing('campaigns', ids.campaignIds),
    templateIds: await existing('mail_templates', ids.templateIds),
  };
}

export async function listProcesses(db: Db) {
  return rows<{ id: number; name: string; description: string; kind: string; statuses: number; campaign_ids: number[] }>(
    db,
    sql`select p.id, p.name, p.description, p.kind,
      (select count(*)::int from statuses s where s.process_id = p.id and s.deleted_at is null) as statuses,
      coalesce((select array_agg(c.id order by c.id) from campaigns c where c.process_id = p.id), '{}') as campaign_ids
    from processes p order by lower(p.name)`,
  ).then((r) => r.map(({ campaign_ids, ...x }) => ({ ...x, campaignIds: campaign_ids })));
}

/** Lints and saves; errors refuse the save (422 with the findings), warnings come back. */
export async function saveProcess(db: Db, id: number | null, input: ProcessDef, now: Date): Promise<{ id: number; findings: LintFinding[] }> {
  const { def, findings } = lintProcess(input, await loadActionRefs(db, input));
  if (findings.some((f) => f.severity === 'error')) {
    throw new AppError(
      'process_invalid',
      findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.message)
        .join('; '),
      { details: { findings } },
    );
  }
  const clash = await rows<{ id: number }>(
    db,
    sql`select id from processes where lower(name) = lower(${def.name.trim()}) ${id ? sql`and id <> ${id}` : sql``}`,
  );
  if (clash.length) throw new AppError('conflict', `A process named "${def.name}" exists`, { field: 'name' });
  const processId = await db.transaction(async (tx) => {
    let pid = id;
    const fields = { name: def.name.trim(), description: def.description, kind: def.kind, inboundStatusKeys: def.inboundStatusKeys, updatedAt: now };
    if (pid === null) {
      const [p] = await tx
        .insert(processes)
        .values({ ...fields, createdAt: now })
        .returning();
      pid = p.id;
    } else {
      const [p] = await tx.update(processes).set(fields).where(eq(processes.id, pid)).returning();
      if (!p) throw notFound('Process', 'processId');
    }
    const existing = await tx
      .select({ id: statuses.id, key: statuses.key })
      .from(statuses)
      .where(and(eq(statuses.processId, pid), isNull(statuses.deletedAt)));
    const byKey = new Map(existing.map((s) => [s.key, s.id]));
    const kept = new Set<string>();
    for (const [position, s] of def.statuses.entries()) {
      kept.add(s.key);
      const values = {
        name: s.name.trim(),
        description: s.description,
        qualifier: s.qualifier,
        responsibleUserId: s.responsibleUserId,
        availability: s.availability,
        callbackDelaySeconds: s.callbackDelaySeconds,
        callbackAt: s.callbackAt ? new Date(s.callbackAt) : null,
        color: s.color,
        initial: s.initial,
        x: s.x,
        y: s.y,
        exits: s.exits as unknown as Record<string, unknown>,
        autoOutcomes: [],
        position,
        updatedAt: now,
      };
      const existingId = byKey.get(s.key);
      if (existingId) await tx.update(statuses).set(values).where(eq(statuses.id, existingId));
      else await tx.insert(statuses).values({ ...values, processId: pid, key: s.key, createdAt: now });
    }
    for (const s of existing) if (s.key && !kept.has(s.key)) await tx.update(statuses).set({ deletedAt: now }).where(eq(statuses.id, s.id));
    return pid;
  });
  return { id: processId, findings };
}

export async function deleteProcess(db: Db, id: number) {
  const used = await rows<{ id: number }>(db, sql`select id from campaigns where process_id = ${id} limit 1`);
  if (used.length) throw new AppError('conflict', `Campaign ${used[0].id} uses this process`, { field: 'processId' });
  const r = await db.delete(processes).where(eq(processes.id, id)).returning({ id: processes.id });
  if (!r.length) throw notFound('Process', 'processId');
}

/** Resolves a process status's exit keys to ids (the engine works on ids). */
export function exitTarget(all: StatusRow[], key: string | null | undefined): StatusRow | undefined {
  if (!key) return undefined;
  return all.find((s) => s.key === key);
}

export function exitsOf(s: StatusRow): StatusExits {
  return { ...emptyExits(), ...(s.exits as Partial<StatusExits>) };
}
