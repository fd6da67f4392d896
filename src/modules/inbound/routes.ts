// Inbound queues (managers edit, supervisors read), their figures, and the agents' tickets
// (CB-5) and inbound call controls. Parse, call, return.
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { rows } from '../../db/query.ts';
import { type App, currentUser, DateTime, IdParam } from '../../http.ts';
import { AppError } from '../../shared/errors.ts';
import { createQueue, deleteQueue, getQueue, listQueues, QueueInput, QueueOut, QueuePatch, updateQueue } from './queues.ts';
import { agentTickets, callBackFromTicket, closeTicket } from './tickets.ts';

const TicketOut = Type.Object({
  id: Type.Integer(),
  queueId: Type.Integer(),
  queueName: Type.String(),
  phone: Type.String(),
  subject: Type.String(),
  state: Type.String(),
  missedAt: DateTime(),
  missedCalls: Type.Integer(),
  caseId: Type.Union([Type.Integer(), Type.Null()]),
  canCall: Type.Boolean(),
});

const Figures = Type.Object({
  queueId: Type.Integer(),
  name: Type.String(),
  waiting: Type.Integer({ description: 'callers in the queue now' }),
  answered: Type.Integer({ description: 'today' }),
  missed: Type.Integer({ description: 'today: hung up, ordered a callback, or a ticket' }),
  callbacksOrdered: Type.Integer({ description: 'today: missed calls that made or updated a callback or a ticket' }),
  callbacksMade: Type.Integer({ description: "today: calls dialed for this queue's callbacks" }),
  callbacksOpen: Type.Integer({ description: 'callbacks not finished yet' }),
  openTickets: Type.Integer(),
});

/** Today's figures of every queue (the wallboard's inbound part). */
export async function queueFigures(db: AppDeps['db'], now: Date) {
  const dayStart = new Date(now.getTime() - 24 * 3_600_000);
  const r = await rows<Record<string, number | string>>(
    db,
    sql`select q.id as queue_id, q.name,
        (select count(*) from inbound_calls c where c.queue_id = q.id and c.ended_at is null and c.answered_at is null)::int as waiting,
        (select count(*) from inbound_calls c where c.queue_id = q.id and c.arrived_at > ${dayStart} and c.answered_at is not null)::int as answered,
        (select count(*) from inbound_calls c where c.queue_id = q.id and c.arrived_at > ${dayStart} and c.outcome in ('abandoned', 'callback', 'ticket', 'never_call'))::int as missed,
        (select count(*) from inbound_calls c where c.queue_id = q.id and c.arrived_at > ${dayStart} and c.outcome in ('callback', 'ticket'))::int as callbacks_ordered,
        (select count(*) from calls d join callback_requests r on r.case_id = d.case_id where r.queue_id = q.id and d.dialed_at > ${dayStart})::int as callbacks_made,
        (select count(*) from callback_requests r join cases k on k.id = r.case_id where r.queue_id = q.id and k.released_at is null)::int as callbacks_open,
        (select count(*) from tickets t where t.queue_id = q.id and t.state = 'open')::int as open_tickets
      from inbound_queues q order by q.name`,
  );
  return r.map((x) => ({
    queueId: Number(x.queue_id),
    name: String(x.name),
    waiting: Number(x.waiting),
    answered: Number(x.answered),
    missed: Number(x.missed),
    callbacksOrdered: Number(x.callbacks_ordered),
    callbacksMade: Number(x.callbacks_made),
    callbacksOpen: Number(x.callbacks_open),
    openTickets: Number(x.open_tickets),
  }));
}

export function inboundRoutes(app: App, deps: AppDeps) {
  const { db, clock, config, events } = deps;
  const tags = ['inbound'];
  const ctx = () => ({ now: clock.now(), defaultCountry: config.defaultCountry });
  const work = { db, events, jobs: deps.jobs, leaseMinutes: config.caseLeaseMinutes };
  // the runtime re-reads queues every few seconds; an edit is pushed at once
  const edited = (queueId: number) => events.publish({ type: 'inbound.changed', userId: null, queueId });

  app.get(
    '/api/inbound/queues',
    {
      config: { permission: 'campaigns.read' },
      schema: { tags, summary: 'Inbound queues with members and callback handling', response: { 200: Type.Array(QueueOut) } },
    },
    async () => listQueues(db),
  );
  app.get(
    '/api/inbound/queues/:id',
    { config: { permission: 'campaigns.read' }, schema: { tags, summary: 'One inbound queue', params: IdParam, response: { 200: QueueOut } } },
    async (req) => getQueue(db, req.params.id),
  );
  app.post(
    '/api/inbound/queues',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Create an inbound queue (CB-2, CB-5)', body: QueueInput, response: { 201: QueueOut } },
    },
    async (req, reply) => {
      const q = await createQueue(db, req.body, ctx());
      edited(q.id);
      return reply.code(201).send(q);
    },
  );
  app.patch(
    '/api/inbound/queues/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Change an inbound queue', params: IdParam, body: QueuePatch, response: { 200: QueueOut } },
    },
    async (req) => {
      const q = await updateQueue(db, req.params.id, req.body, ctx());
      edited(q.id);
      return q;
    },
  );
  app.delete(
    '/api/inbound/queues/:id',
    { config: { permission: 'campaigns.manage' }, schema: { tags, summary: 'Delete an inbound queue', params: IdParam, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await deleteQueue(db, req.params.id);
      edited(req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/inbound/figures',
    {
      config: { permission: 'wallboard.read' },
      schema: {
        tags,
        summary: "AG-3: each queue's callers waiting now and today's answered, missed and callback figures",
        response: { 200: Type.Array(Figures) },
      },
    },
    async () => queueFigures(db, clock.now()),
  );

  // ---- agents ----------------------------------------------------------------------------------
  app.get(
    '/api/agent/tickets',
    {
      config: { permission: 'agent.work' },
      schema: {
        tags,
        summary: "CB-5: the tickets of the agent's queues",
        querystring: Type.Object({ state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')])) }),
        response: { 200: Type.Array(TicketOut) },
      },
    },
    async (req) => agentTickets(db, currentUser(req).id, req.query.state ?? 'open'),
  );
  app.post(
    '/api/agent/tickets/:id/call',
    {
      config: { permission: 'agent.work' },
      schema: {
        tags,
        summary: "CB-5: call the ticket's number back now (the case opens in preview and is dialed)",
        params: IdParam,
        response: { 202: Type.Object({ caseId: Type.Integer() }) },
      },
    },
    async (req, reply) => reply.code(202).send(await callBackFromTicket(work, currentUser(req).id, req.params.id, clock.now())),
  );
  app.post(
    '/api/agent/tickets/:id/close',
    { config: { permission: 'agent.work' }, schema: { tags, summary: 'CB-5: close the ticket', params: IdParam, response: { 204: Type.Null() } } },
    async (req, reply) => {
      const user = currentUser(req);
      await closeTicket(db, user.id, req.params.id, clock.now());
      const [t] = await rows<{ queue_id: number }>(db, sql`select queue_id from tickets where id = ${req.params.id}`);
      if (t) events.publish({ type: 'inbound.changed', userId: null, queueId: t.queue_id });
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/agent/inbound',
    {
      config: { permission: 'agent.work' },
      schema: {
        tags,
        summary: 'The inbound call the agent is on, if any',
        response: {
          200: Type.Object({
            call: Type.Union([
              Type.Object({ id: Type.Integer(), queueId: Type.Integer(), queueName: Type.String(), phone: Type.String(), answeredAt: DateTime() }),
              Type.Null(),
            ]),
          }),
        },
      },
    },
    async (req) => {
      const [c] = await rows<{ id: string; queue_id: number; name: string; phone: string; answered_at: Date }>(
        db,
        sql`select c.id, c.queue_id, q.name, c.phone, c.answered_at from inbound_calls c join inbound_queues q on q.id = c.queue_id
          where c.agent_id = ${currentUser(req).id} and c.ended_at is null`,
      );
      return { call: c ? { id: Number(c.id), queueId: c.queue_id, queueName: c.name, phone: c.phone, answeredAt: c.answered_at } : null };
    },
  );
  app.post(
    '/api/agent/inbound/hangup',
    {
      config: { permission: 'agent.work' },
      schema: { tags, summary: 'Hang up the inbound call', response: { 202: Type.Object({ accepted: Type.Boolean() }) } },
    },
    async (req, reply) => {
      const [c] = await rows<{ id: string }>(db, sql`select id from inbound_calls where agent_id = ${currentUser(req).id} and ended_at is null`);
      if (!c) throw new AppError('invalid_transition', 'You are not on an inbound call');
      events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'inbound-hangup', agentId: currentUser(req).id } });
      return reply.code(202).send({ accepted: true });
    },
  );
}
