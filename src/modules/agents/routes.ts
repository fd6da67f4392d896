// AG-1: the agent panel's API. Every change is also pushed over /ws (agent.changed,
// callbacks.changed, callback.due), so the panel never polls.
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { BigIdParam, currentUser, type App, DateTime, NullableDateTime, OneOf } from '../../http.ts';
import { caseCard } from '../cases/card.ts';
import { dialOutcomes } from '../statuses/types.ts';
import {
  availableCampaigns,
  getAgentState,
  loginToCampaigns,
  logout,
  myCallbacks,
  returnCase,
  saveResult,
  setReady,
  takeNextCase,
  type WorkDeps,
} from './work.ts';

const CampaignIdList = Type.Array(Type.Integer({ minimum: 10000, maximum: 99999 }), { maxItems: 100, uniqueItems: true });
const StateOut = Type.Object({
  state: Type.String(),
  since: DateTime(),
  campaignIds: Type.Array(Type.Integer()),
  currentCaseId: Type.Union([Type.Integer(), Type.Null()]),
  callId: Type.Union([Type.Integer(), Type.Null()]),
  wrapUntil: NullableDateTime(),
});

export function agentRoutes(app: App, deps: AppDeps) {
  const { db, clock } = deps;
  const work: WorkDeps = { db, events: deps.events, jobs: deps.jobs, leaseMinutes: deps.config.caseLeaseMinutes };
  const tags = ['agent'];
  const view = (s: { state: string; since: Date; campaignIds: number[]; currentCaseId: number | null; callId: number | null; wrapUntil: Date | null }) => ({
    state: s.state,
    since: s.since,
    campaignIds: s.campaignIds,
    currentCaseId: s.currentCaseId,
    callId: s.callId,
    wrapUntil: s.wrapUntil,
  });

  app.get(
    '/api/agent/state',
    {
      config: { permission: 'agent.work' },
      schema: {
        tags,
        summary: 'My state, my campaigns and the ones I may log in to',
        response: {
          200: Type.Object({
            ...StateOut.properties,
            available: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), state: Type.String(), mode: Type.String(), type: Type.String() })),
          }),
        },
      },
    },
    async (req) => {
      const user = currentUser(req);
      return { ...view(await getAgentState(db, user.id, clock.now())), available: await availableCampaigns(db, user.id) };
    },
  );
  app.post(
    '/api/agent/login',
    {
      config: { permission: 'agent.work' },
      schema: {
        tags,
        summary: 'Log in to campaigns (and become ready)',
        body: Type.Object({ campaignIds: CampaignIdList }, { additionalProperties: false }),
        response: { 200: StateOut },
      },
    },
    async (req) => view(await loginToCampaigns(work, currentUser(req).id, req.body.campaignIds, clock.now())),
  );
  app.post(
    '/api/agent/logout',
    {
      config: { permission: 'agent.work' },
      schema: { tags, summary: 'Log out of all campaigns; a case in preview goes back to the queue', response: { 200: StateOut } },
    },
    async (req) => view(await logout(work, currentUser(req).id, clock.now())),
  );
  app.post(
    '/api/agent/ready',
    {
      config: { permission: 'agent.work' },
      schema: {
        tags,
        summary: 'Ready (true) or paused (false)',
        body: Type.Object({ ready: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: StateOut },
      },
    },
    async (req) => view(await setReady(work, currentUser(req).id, req.body.ready, clock.now())),
  );
  app.post(
    '/api/agent/next',
    {
      config: { permission: 'agent.work' },
      schema: {
        tags,
        summary: 'Take the next case (preview); when there is none, why not, per campaign',
        response: {
          200: Type.Object({
            case: Type.Unknown(),
            tier: Type.Optional(Type.String()),
            blockers: Type.Array(Type.Unknown()),
          }),
        },
      },
    },
    async (req) => {
      const r = await takeNextCase(work, currentUser(req).id, clock.now());
      return { case: r.caseId ? await caseCard(db, r.caseId) : null, tier: r.tier, blockers: r.blockers };
    },
  );
  app.post(
    '/api/agent/return',
    { config: { permission: 'agent.work' }, schema: { tags, summary: 'Give the case in preview back unchanged', response: { 200: StateOut } } },
    async (req) => view(await returnCase(work, currentUser(req).id, clock.now())),
  );
  app.post(
    '/api/cases/:id/result',
    {
      config: { permission: 'agent.work' },
      schema: {
        tags,
        summary: "Save the attempt's result: outcome, status (or a script/outcome mapping), callback time where allowed (ST-3), note, script answers",
        params: BigIdParam,
        body: Type.Object(
          {
            outcome: OneOf(dialOutcomes),
            statusId: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()])),
            callbackAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
            note: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
            answers: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Unknown())),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            caseId: Type.Integer(),
            statusId: Type.Integer(),
            queue: Type.String(),
            callableAt: NullableDateTime(),
            ownerId: Type.Union([Type.Integer(), Type.Null()]),
            success: Type.Boolean(),
            terminal: Type.Boolean(),
          }),
        },
      },
    },
    async (req) => {
      const b = req.body;
      const r = await saveResult(
        work,
        currentUser(req).id,
        req.params.id,
        { ...b, callbackAt: b.callbackAt ? new Date(b.callbackAt) : null, answers: b.answers },
        clock.now(),
      );
      return {
        caseId: r.case.id,
        statusId: r.status.id,
        queue: r.case.queue,
        callableAt: r.case.callableAt,
        ownerId: r.case.ownerId,
        success: r.case.success,
        terminal: r.next.terminal,
      };
    },
  );
  app.get(
    '/api/agent/callbacks',
    { config: { permission: 'agent.work' }, schema: { tags, summary: 'My private callbacks, soonest first', response: { 200: Type.Array(Type.Unknown()) } } },
    async (req) => myCallbacks(db, currentUser(req).id),
  );
}
