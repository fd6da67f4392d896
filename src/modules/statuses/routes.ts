// ST-1..ST-3: the status dictionary (campaign statuses are under /api/campaigns/:id/statuses).
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { type App, IdParam, DateTime, NullableDateTime, OneOf } from '../../http.ts';
import { agentPicksTime, createStatus, deleteStatus, listDictionary, type StatusRow, updateStatus } from './repo.ts';
import { dialOutcomes, systemStatuses } from './types.ts';

const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

export const StatusOut = Type.Object({
  id: Type.Integer(),
  processId: NullableInt,
  campaignId: NullableInt,
  key: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  description: Type.String(),
  systemStatus: Type.Union([Type.String(), Type.Null()]),
  qualifier: Type.String(),
  responsibleUserId: NullableInt,
  availability: Type.String(),
  color: Type.String(),
  initial: Type.Boolean(),
  callbackDelaySeconds: NullableInt,
  callbackAt: NullableDateTime(),
  autoOutcomes: Type.Array(Type.String()),
  autoAdd: Type.Boolean(),
  hidden: Type.Boolean(),
  active: Type.Boolean(),
  /** ST-3: the agent picks the next contact's date */
  agentPicksTime: Type.Boolean(),
  createdAt: DateTime(),
});

export const statusOut = (s: StatusRow) => ({ ...s, agentPicksTime: agentPicksTime(s.qualifier) });

export const DictionaryInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    systemStatus: OneOf(systemStatuses),
    autoOutcomes: Type.Optional(Type.Array(OneOf(dialOutcomes), { maxItems: 6, uniqueItems: true })),
    autoAdd: Type.Optional(Type.Boolean()),
    hidden: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
    color: Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$' })),
  },
  { additionalProperties: false },
);

export function statusRoutes(app: App, { db, clock }: AppDeps) {
  const tags = ['statuses'];
  app.get(
    '/api/statuses',
    { config: { permission: 'campaigns.read' }, schema: { tags, summary: 'The status dictionary (ST-1)', response: { 200: Type.Array(StatusOut) } } },
    async () => (await listDictionary(db)).map(statusOut),
  );
  app.post(
    '/api/statuses',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Add a status to the dictionary (ST-2)', body: DictionaryInput, response: { 201: StatusOut } },
    },
    async (req, reply) => reply.code(201).send(statusOut(await createStatus(db, req.body, { now: clock.now(), campaignId: null }))),
  );
  app.patch(
    '/api/statuses/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Edit a dictionary or campaign-only status',
        params: IdParam,
        body: Type.Partial(DictionaryInput, { additionalProperties: false }),
        response: { 200: StatusOut },
      },
    },
    async (req) => statusOut(await updateStatus(db, req.params.id, req.body, clock.now())),
  );
  app.delete(
    '/api/statuses/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Delete a status no case carries (otherwise deactivate it)', params: IdParam, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await deleteStatus(db, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
