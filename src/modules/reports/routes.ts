// PR-6: a process's scheduled reports — list, add, change, delete, send now.
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { type App, currentUser, DateTime, IdParam, NullableDateTime, OneOf } from '../../http.ts';
import { reportKinds } from './build-report.ts';
import { deleteSchedule, getSchedule, listSchedules, saveSchedule, withNextRun } from './repo.ts';
import { enqueueNextSlot, enqueueSendNow } from './send-report.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const ScheduleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    cron: Type.String({ minLength: 9, maxLength: 100, description: 'five fields: minute hour day-of-month month day-of-week, e.g. "0 8 * * 1-5"' }),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. Europe/Warsaw' }),
    kind: OneOf(reportKinds),
    campaignIds: Type.Array(Id, { maxItems: 500, description: 'campaigns of the process; empty = all of them' }),
    accountId: Type.Optional(Type.Union([Id, Type.Null()])),
    recipients: Type.Array(Type.String({ format: 'email', maxLength: 254 }), { minItems: 1, maxItems: 50 }),
    templateId: Type.Optional(Type.Union([Id, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const ScheduleOut = Type.Object({
  id: Type.Integer(),
  processId: Type.Integer(),
  name: Type.String(),
  cron: Type.String(),
  timeZone: Type.String(),
  kind: Type.String(),
  campaignIds: Type.Array(Type.Integer()),
  accountId: Type.Union([Type.Integer(), Type.Null()]),
  recipients: Type.Array(Type.String()),
  templateId: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
  lastSentAt: NullableDateTime(),
  nextRunAt: NullableDateTime(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

export function reportRoutes(app: App, deps: AppDeps) {
  const { db, clock } = deps;
  const tags = ['reports'];
  const config = { permission: 'mail.manage' as const };
  app.get(
    '/api/processes/:id/reports',
    { config, schema: { tags, summary: "A process's scheduled reports (PR-6)", params: IdParam, response: { 200: Type.Array(ScheduleOut) } } },
    async (req) => (await listSchedules(db, req.params.id)).map((s) => withNextRun(s, clock.now())),
  );
  app.post(
    '/api/processes/:id/reports',
    { config, schema: { tags, summary: 'Schedule a report', params: IdParam, body: ScheduleBody, response: { 201: ScheduleOut } } },
    async (req, reply) => {
      const s = await saveSchedule(db, { processId: req.params.id }, req.body, clock.now());
      await enqueueNextSlot(deps, s);
      return reply.code(201).send(withNextRun(s, clock.now()));
    },
  );
  app.put(
    '/api/reports/:id',
    { config, schema: { tags, summary: 'Change a scheduled report', params: IdParam, body: ScheduleBody, response: { 200: ScheduleOut } } },
    async (req) => {
      const s = await saveSchedule(db, { id: req.params.id }, req.body, clock.now());
      await enqueueNextSlot(deps, s);
      return withNextRun(s, clock.now());
    },
  );
  app.delete(
    '/api/reports/:id',
    { config, schema: { tags, summary: 'Delete a scheduled report', params: IdParam, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await deleteSchedule(db, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/reports/:id/send',
    {
      config,
      schema: { tags, summary: 'Send the report now (outside the schedule)', params: IdParam, response: { 202: Type.Object({ jobId: Type.Integer() }) } },
    },
    async (req, reply) => {
      const job = await enqueueSendNow(deps, await getSchedule(db, req.params.id), currentUser(req).id);
      return reply.code(202).send({ jobId: job.id });
    },
  );
}
