import { count, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contactEvents, contacts, customFields } from '../../db/schema.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { type ContactFilter, contactWhere, defaultOrder } from './filter.ts';
import { type ContactInput, type CustomFieldDef, validateContact } from './model.ts';
import { effectiveLastUsed, inCampaignId } from './usage.ts';
import { pgArray, rows } from '../../db/query.ts';

export type Contact = typeof contacts.$inferSelect & { inCampaignId: number | null };

/** A contact as the API shows it: its row plus the campaign holding it and its last use. */
const contactView = { ...getTableColumns(contacts), inCampaignId, lastUsedAt: effectiveLastUsed };
export const PAGE_SIZE = 20;

export async function listCustomFields(db: Db): Promise<CustomFieldDef[]> {
  return db.select({ key: customFields.key, type: customFields.type }).from(customFields);
}

export async function countContacts(db: Db, filter: ContactFilter, country: string): Promise<number> {
  const where = await contactWhere(db, filter, country);
  const [{ n }] = await db.select({ n: count() }).from(contacts).where(where);
  return n;
}

/** CT-6: pages of 20 in the database view's sort, each row with its ordinal in the filter. */
export async function listContacts(db: Db, filter: ContactFilter, page: number, country: string) {
  const where = await contactWhere(db, filter, country);
  const offset = (page - 1) * PAGE_SIZE;
  const rows = await db
    .select(contactView)
    .from(contacts)
    .where(where)
    .orderBy(defaultOrder)
    .limit(PAGE_SIZE + 1)
    .offset(offset);
  return {
    page,
    pageSize: PAGE_SIZE,
    hasMore: rows.length > PAGE_SIZE,
    items: rows.slice(0, PAGE_SIZE).map((c, i) => ({ ordinal: offset + i + 1, ...c })),
  };
}

export async function getContact(db: Db, id: number): Promise<Contact> {
  const [c] = await db.select(contactView).from(contacts).where(eq(contacts.id, id));
  if (!c) throw notFound('Contact', 'id');
  return c;
}

function valuesOrThrow(input: ContactInput, country: string, fields: CustomFieldDef[], requirePhone: boolean) {
  const r = validateContact(input, { defaultCountry: country, customFields: fields, requirePhone });
  if (!r.ok) {
    const [first] = r.problems;
    throw new AppError(first.field.startsWith('phone') ? 'invalid_phone' : 'validation_failed', `${first.field}: ${first.reason}`, {
      field: first.field,
      details: r.problems,
    });
  }
  return r.values;
}

export async function createContact(
  db: Db,
  input: ContactInput,
  ctx: { now: Date; userId: number | null; country: string; source: Contact['source'] },
): Promise<Contact> {
  const fields = await listCustomFields(db);
  const values = valuesOrThrow(input, ctx.country, fields, false);
  if (!values.phone1 && !values.phone2 && !values.email) {
    throw new AppError('validation_failed', 'A contact needs a phone number or an e-mail address', { field: 'phone1' });
  }
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(contacts)
      .values({ ...values, source: ctx.source, createdAt: ctx.now, updatedAt: ctx.now, blocked: await isNumberBlocked(tx, values.phone1, values.phone2) })
      .returning();
    await addTimeline(tx, { contactId: c.id, at: ctx.now, kind: 'created', userId: ctx.userId, data: { source: ctx.source } });
    return getContact(tx, c.id);
  });
}

export async function updateContact(db: Db, id: number, input: ContactInput, ctx: { now: Date; userId: number; country: string }) {
  const fields = await listCustomFields(db);
  const values = valuesOrThrow(input, ctx.country, fields, false);
  return db.transaction(async (tx) => {
    const before = await getContact(tx, id);
    if (values.custom) values.custom = { ...before.custom, ...values.custom };
    const [c] = await tx
      .update(contacts)
      .set({ ...values, updatedAt: ctx.now })
      .where(eq(contacts.id, id))
      .returning();
    const changed = Object.keys(values).filter((k) => JSON.stringify(before[k as keyof Contact]) !== JSON.stringify(c[k as keyof typeof c]));
    if (changed.length) await addTimeline(tx, { contactId: id, at: ctx.now, kind: 'updated', userId: ctx.userId, data: { fields: changed } });
    return getContact(tx, id);
  });
}

export async function deleteContact(db: Db, id: number) {
  const gone = await db.delete(contacts).where(eq(contacts.id, id)).returning({ id: contacts.id });
  if (gone.length === 0) throw notFound('Contact', 'id');
  await db.delete(contactEvents).where(eq(contactEvents.contactId, id));
}

async function isNumberBlocked(db: Db, ...phones: (string | null | undefined)[]): Promise<boolean> {
  const list = phones.filter((p): p is string => !!p);
  if (!list.length) return false;
  const r = await rows<Record<string, unknown>>(db, sql`select 1 from blocked_numbers where phone in (select unnest(${pgArray(list)}::text[])) limit 1`);
  return r.length > 0;
}

/**
 * CT-7: block or unblock every contact matching a filter (or a selection). Blocking also puts
 * the contacts' numbers on the block list, so a later import of the same number arrives blocked.
 */
export async function setBlocked(
  db: Db,
  filter: ContactFilter,
  blocked: boolean,
  ctx: { now: Date; userId: number; country: string; reason?: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const where = await contactWhere(tx, { ...filter, onlyFree: filter.onlyFree ?? false, blocked: blocked ? 'exclude' : 'only' }, ctx.country);
    // the cases' undialable flags are refreshed once for all these contacts below, not row by row by the trigger (migration 0014)
    await tx.execute(sql`select set_config('parley.defer_dialability', 'on', true)`);
    const changed = await rows<{ id: string; phone1: string | null; phone2: string | null }>(
      tx,
      sql`
      update contacts set blocked = ${blocked}, blocked_at = ${blocked ? ctx.now : null}, blocked_reason = ${blocked ? (ctx.reason ?? null) : null}, updated_at = ${ctx.now}
      where ${where} returning id, phone1, phone2`,
    );
    await tx.execute(sql`select set_config('parley.defer_dialability', 'off', true)`);
    const ids = changed.map((r) => Number(r.id));
    const phones = [...new Set(changed.flatMap((r) => [r.phone1, r.phone2]).filter((p): p is string => !!p))];
    if (blocked && phones.length) {
      await tx.execute(sql`
        insert into blocked_numbers (phone, reason, created_at, created_by)
        select unnest(${pgArray(phones)}::text[]), ${ctx.reason ?? null}, ${ctx.now}, ${ctx.userId} on conflict do nothing`);
    } else if (phones.length) {
      await tx.execute(sql`delete from blocked_numbers where phone in (select unnest(${pgArray(phones)}::text[]))`);
    }
    if (ids.length) {
      await tx.execute(sql`select cases_refresh_undialable(${pgArray(ids)}::bigint[])`);
      await tx.execute(sql`
        insert into contact_events (contact_id, at, kind, user_id, data)
        select unnest(${pgArray(ids)}::bigint[]), ${ctx.now}, ${blocked ? 'blocked' : 'unblocked'}, ${ctx.userId}, ${JSON.stringify(ctx.reason ? { reason: ctx.reason } : {})}::jsonb`);
    }
    return ids.length;
  });
}

/** CT-9: one entry on the contact's timeline. Later issues append calls, statuses and e-mails. */
export async function addTimeline(
  db: Db,
  e: { contactId: number; at: Date; kind: string; userId?: number | null; campaignId?: number | null; data?: Record<string, unknown> },
) {
  await db
    .insert(contactEvents)
    .values({ contactId: e.contactId, at: e.at, kind: e.kind, userId: e.userId ?? null, campaignId: e.campaignId ?? null, data: e.data ?? {} });
}

/**
 * CT-9: the contact's timeline, newest first: its own events plus what its cases say (assigned
 * to a campaign, released from it, every status set — PR-5), so bulk assignment writes no extra rows.
 */
export async function timeline(db: Db, contactId: number, limit = 200) {
  const entries = await rows<{
    id: string;
    at: Date | string;
    kind: string;
    campaign_id: number | null;
    campaign_name: string | null;
    user_id: number | null;
    data: Record<string, unknown>;
  }>(
    db,
    sql`
    select e.*, c.name as campaign_name from (
    select 'event:' || id as id, at, kind, campaign_id, user_id, data, 0 as rank, id as seq from contact_events where contact_id = ${contactId}
    union all
    select 'case:' || id || ':assigned', created_at, 'assigned', campaign_id, created_by, '{}'::jsonb, 1, id from cases where contact_id = ${contactId}
    union all
    select 'case:' || id || ':released', released_at, 'released', campaign_id, null, jsonb_build_object('used', used), 2, id
    from cases where contact_id = ${contactId} and released_at is not null
    union all
    select 'history:' || h.id, h.at, 'status', h.campaign_id, h.requester_id,
      jsonb_build_object('status', s.name, 'note', h.note, 'source', h.source, 'outcome', a.outcome, 'callbackAt', h.callable_at, 'queue', h.queue),
      3, h.id
    from case_history h join cases k on k.id = h.case_id left join statuses s on s.id = h.to_status_id left join attempts a on a.id = h.attempt_id
    where k.contact_id = ${contactId}
    order by at desc, rank desc, seq desc limit ${limit}) e
    left join campaigns c on c.id = e.campaign_id
    order by e.at desc, e.rank desc, e.seq desc`,
  );
  return entries.map((e) => ({
    id: e.id,
    at: new Date(e.at),
    kind: e.kind,
    campaignId: e.campaign_id,
    /** the campaign's name as it is now (null: none, or since deleted) */
    campaignName: e.campaign_name,
    userId: e.user_id,
    data: e.data,
  }));
}
