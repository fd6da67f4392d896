import { desc, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { blockedNumbers } from '../../db/schema.ts';
import { BigIdParam, currentUser, type App, DateTime, NullableDateTime } from '../../http.ts';
import { AppError } from '../../shared/errors.ts';
import { can } from '../auth/roles.ts';
import { ContactFilter } from './filter.ts';
import { ContactInput } from './model.ts';
import { normalizePhone } from './phone.ts';
import { countContacts, createContact, deleteContact, getContact, listContacts, setBlocked, timeline, updateContact } from './repo.ts';
import { pgArray, rows } from '../../db/query.ts';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const S = () => Nullable(Type.String());

export const ContactOut = Type.Object({
  id: Type.Integer(),
  name: S(),
  firstName: S(),
  lastName: S(),
  street: S(),
  houseNumber: S(),
  city: S(),
  postalCode: S(),
  region: S(),
  county: S(),
  commune: S(),
  phone1: S(),
  phone1Raw: S(),
  phone2: S(),
  phone2Raw: S(),
  email: S(),
  custom: Type.Record(Type.String(), Type.Unknown()),
  source: Type.String(),
  importGroupId: Type.Union([Type.Integer(), Type.Null()]),
  blocked: Type.Boolean(),
  blockedReason: S(),
  inCampaignId: Type.Union([Type.Integer(), Type.Null()]),
  lastUsedAt: NullableDateTime(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

const { ids: _ids, ...filterProps } = ContactFilter.properties;
const FilterQuery = Type.Object(filterProps, { additionalProperties: false });
const ListQuery = Type.Object(
  { ...filterProps, page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })) },
  { additionalProperties: false },
);
const BlockBody = Type.Object({ filter: ContactFilter, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export function contactRoutes(app: App, deps: AppDeps) {
  const { db, clock, config } = deps;
  const country = config.defaultCountry;
  const tags = ['contacts'];

  /** CT-5: "only free" may be switched off by administrators only. */
  function checkFilter(req: { user: Parameters<typeof currentUser>[0]['user'] }, filter: ContactFilter) {
    if (filter.onlyFree === false && !can(currentUser(req).role, 'contacts.show_assigned')) {
      throw new AppError('forbidden', 'Only administrators may list contacts that are in a campaign', { field: 'onlyFree' });
    }
  }

  app.get(
    '/api/contacts',
    {
      config: { permission: 'contacts.read' },
      schema: {
        tags,
        summary: 'List contacts matching a filter, 20 per page, sorted by address then city',
        querystring: ListQuery,
        response: {
          200: Type.Object({
            page: Type.Integer(),
            pageSize: Type.Integer(),
            hasMore: Type.Boolean(),
            items: Type.Array(Type.Object({ ordinal: Type.Integer(), ...ContactOut.properties })),
          }),
        },
      },
    },
    async (req) => {
      const { page = 1, ...filter } = req.query;
      checkFilter(req, filter);
      return listContacts(db, filter, page, country);
    },
  );

  app.get(
    '/api/contacts/count',
    {
      config: { permission: 'contacts.read' },
      schema: {
        tags,
        summary: 'Count contacts matching a filter without listing them',
        querystring: FilterQuery,
        response: { 200: Type.Object({ count: Type.Integer() }) },
      },
    },
    async (req) => {
      checkFilter(req, req.query);
      return { count: await countContacts(db, req.query, country) };
    },
  );

  app.get(
    '/api/contacts/:id',
    { config: { permission: 'contacts.read' }, schema: { tags, summary: 'One contact', params: BigIdParam, response: { 200: ContactOut } } },
    async (req) => getContact(db, req.params.id),
  );

  app.get(
    '/api/contacts/:id/timeline',
    {
      config: { permission: 'contacts.read' },
      schema: {
        tags,
        summary: "The contact's timeline across campaigns (CT-9)",
        params: BigIdParam,
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              at: DateTime(),
              kind: Type.String(),
              campaignId: Type.Union([Type.Integer(), Type.Null()]),
              campaignName: Type.Union([Type.String(), Type.Null()]),
              userId: Type.Union([Type.Integer(), Type.Null()]),
              data: Type.Record(Type.String(), Type.Unknown()),
            }),
          ),
        },
      },
    },
    async (req) => {
      await getContact(db, req.params.id);
      return timeline(db, req.params.id);
    },
  );

  app.post(
    '/api/contacts',
    { config: { permission: 'contacts.write' }, schema: { tags, summary: 'Add a contact', body: ContactInput, response: { 201: ContactOut } } },
    async (req, reply) => {
      const c = await createContact(db, req.body, {
        now: clock.now(),
        userId: currentUser(req).id,
        country,
        source: req.headers.authorization ? 'api' : 'manual',
      });
      return reply.code(201).send(c);
    },
  );

  app.patch(
    '/api/contacts/:id',
    {
      config: { permission: 'contacts.write' },
      schema: { tags, summary: 'Edit a contact', params: BigIdParam, body: ContactInput, response: { 200: ContactOut } },
    },
    async (req) => updateContact(db, req.params.id, req.body, { now: clock.now(), userId: currentUser(req).id, country }),
  );

  app.delete(
    '/api/contacts/:id',
    {
      config: { permission: 'contacts.delete' },
      schema: { tags, summary: 'Delete a contact permanently (administrators)', params: BigIdParam, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await deleteContact(db, req.params.id);
      return reply.code(204).send(null);
    },
  );

  for (const blocked of [true, false]) {
    app.post(
      `/api/contacts/${blocked ? 'block' : 'unblock'}`,
      {
        config: { permission: 'contacts.write' },
        schema: {
          tags,
          summary: blocked ? 'Block every contact matching a filter or selection (never called again)' : 'Unblock every contact matching a filter or selection',
          body: BlockBody,
          response: { 200: Type.Object({ changed: Type.Integer() }) },
        },
      },
      async (req) => ({
        changed: await setBlocked(db, req.body.filter, blocked, { now: clock.now(), userId: currentUser(req).id, country, reason: req.body.reason }),
      }),
    );
  }

  const BlockedNumberOut = Type.Object({ phone: Type.String(), reason: S(), createdAt: DateTime() });
  app.get(
    '/api/blocked-numbers',
    {
      config: { permission: 'contacts.read' },
      schema: {
        tags,
        summary: 'The block list by number',
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })) }),
        response: { 200: Type.Array(BlockedNumberOut) },
      },
    },
    async (req) =>
      db
        .select({ phone: blockedNumbers.phone, reason: blockedNumbers.reason, createdAt: blockedNumbers.createdAt })
        .from(blockedNumbers)
        .orderBy(desc(blockedNumbers.createdAt))
        .limit(100)
        .offset(((req.query.page ?? 1) - 1) * 100),
  );

  app.post(
    '/api/blocked-numbers',
    {
      config: { permission: 'contacts.write' },
      schema: {
        tags,
        summary: 'Put numbers on the block list (bulk); contacts with these numbers are blocked too',
        body: Type.Object({
          phones: Type.Array(Type.String({ maxLength: 50 }), { minItems: 1, maxItems: 100_000 }),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: {
          200: Type.Object({
            added: Type.Integer(),
            contactsBlocked: Type.Integer(),
            invalid: Type.Array(Type.Object({ index: Type.Integer(), phone: Type.String(), reason: Type.String() })),
          }),
        },
      },
    },
    async (req) => {
      const now = clock.now();
      const invalid: { index: number; phone: string; reason: string }[] = [];
      const phones = new Set<string>();
      req.body.phones.forEach((raw, index) => {
        const r = normalizePhone(raw, country);
        if (r.ok) phones.add(r.e164);
        else invalid.push({ index, phone: raw, reason: r.reason });
      });
      const list = [...phones];
      const added = await rows<Record<string, unknown>>(
        db,
        sql`
        insert into blocked_numbers (phone, reason, created_at, created_by)
        select unnest(${pgArray(list)}::text[]), ${req.body.reason ?? null}, ${now}, ${currentUser(req).id} on conflict do nothing returning phone`,
      );
      const contactsBlocked = await setBlockedByPhones(list, now, currentUser(req).id, req.body.reason);
      return { added: added.length, contactsBlocked, invalid };
    },
  );

  app.delete(
    '/api/blocked-numbers/:phone',
    {
      config: { permission: 'contacts.write' },
      schema: {
        tags,
        summary: 'Take a number off the block list (its contacts stay blocked until unblocked)',
        params: Type.Object({ phone: Type.String({ maxLength: 50 }) }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const r = normalizePhone(req.params.phone, country);
      if (!r.ok) throw new AppError('invalid_phone', r.reason, { field: 'phone' });
      await db.delete(blockedNumbers).where(sql`phone = ${r.e164}`);
      return reply.code(204).send(null);
    },
  );

  async function setBlockedByPhones(phones: string[], now: Date, userId: number, reason?: string) {
    if (!phones.length) return 0;
    const r = await rows<{ id: string }>(
      db,
      sql`
      select id from contacts where not blocked and (phone1 in (select unnest(${pgArray(phones)}::text[])) or phone2 in (select unnest(${pgArray(phones)}::text[])))`,
    );
    const ids = r.map((row) => Number(row.id));
    return ids.length ? setBlocked(db, { ids, onlyFree: false }, true, { now, userId, country, reason }) : 0;
  }
}
