// Custom contact fields defined by an administrator (CT-1); values live in contacts.custom.
import { asc, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { customFields } from '../../db/schema.ts';
import { type App, DateTime } from '../../http.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { standardFields } from '../contacts/model.ts';

const FieldOut = Type.Object({ key: Type.String(), label: Type.String(), type: Type.String(), createdAt: DateTime() });

export function fieldRoutes(app: App, { db, clock }: AppDeps) {
  const tags = ['contacts'];
  app.get(
    '/api/fields',
    { config: { permission: 'contacts.read' }, schema: { tags, summary: 'Custom contact fields', response: { 200: Type.Array(FieldOut) } } },
    async () => db.select().from(customFields).orderBy(asc(customFields.createdAt)),
  );

  app.post(
    '/api/fields',
    {
      config: { permission: 'fields.manage' },
      schema: {
        tags,
        summary: 'Define a custom contact field',
        body: Type.Object({
          key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'lower-case identifier' }),
          label: Type.String({ minLength: 1, maxLength: 100 }),
          type: Type.Union([Type.Literal('text'), Type.Literal('number'), Type.Literal('date'), Type.Literal('boolean')]),
        }),
        response: { 201: FieldOut },
      },
    },
    async (req, reply) => {
      if ((standardFields as readonly string[]).includes(req.body.key))
        throw new AppError('conflict', `"${req.body.key}" is a standard field`, { field: 'key' });
      const [f] = await db
        .insert(customFields)
        .values({ ...req.body, createdAt: clock.now() })
        .onConflictDoNothing()
        .returning();
      if (!f) throw new AppError('conflict', `Field "${req.body.key}" exists`, { field: 'key' });
      return reply.code(201).send(f);
    },
  );

  app.delete(
    '/api/fields/:key',
    {
      config: { permission: 'fields.manage' },
      schema: {
        tags,
        summary: 'Remove a custom field and its values',
        params: Type.Object({ key: Type.String({ maxLength: 40 }) }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await db.transaction(async (tx) => {
        const gone = await tx.delete(customFields).where(eq(customFields.key, req.params.key)).returning();
        if (!gone.length) throw notFound('Field', 'key');
        await tx.execute(sql`update contacts set custom = custom - ${req.params.key} where custom ? ${req.params.key}`);
      });
      return reply.code(204).send(null);
    },
  );
}
