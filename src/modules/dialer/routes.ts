// DL-1 (the agent's call and hang-up buttons), AG-3 (the wallboard) and the robot agents of a
// demo. Commands go to the process that runs the dialer over the event bus.
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { currentUser, type App } from '../../http.ts';
import { AppError } from '../../shared/errors.ts';
import { getAgentState } from '../agents/work.ts';
import { getCampaign } from '../campaigns/repo.ts';
import { setRobots } from './robots.ts';
import { wallboard } from './wallboard.ts';

export function dialerRoutes(app: App, deps: AppDeps) {
  const { db, clock, events } = deps;
  const work = { db, events, jobs: deps.jobs, leaseMinutes: deps.config.caseLeaseMinutes };
  const Accepted = Type.Object({ accepted: Type.Boolean() });

  app.post(
    '/api/agent/dial',
    { config: { permission: 'agent.work' }, schema: { tags: ['agent'], summary: 'DL-1: dial the case in preview now', response: { 202: Accepted } } },
    async (req, reply) => {
      const user = currentUser(req);
      const s = await getAgentState(db, user.id, clock.now());
      if (s.state !== 'preview' || !s.currentCaseId) throw new AppError('invalid_transition', 'Take a case in preview first');
      events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'dial', agentId: user.id } });
      return reply.code(202).send({ accepted: true });
    },
  );
  app.post(
    '/api/agent/hangup',
    { config: { permission: 'agent.work' }, schema: { tags: ['agent'], summary: 'Hang up the current call (then wrap up)', response: { 202: Accepted } } },
    async (req, reply) => {
      const user = currentUser(req);
      const s = await getAgentState(db, user.id, clock.now());
      if (!s.callId || (s.state !== 'talking' && s.state !== 'dialing')) throw new AppError('invalid_transition', 'You are not on a call');
      events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'hangup', agentId: user.id, callId: s.callId } });
      return reply.code(202).send({ accepted: true });
    },
  );
  app.get(
    '/api/wallboard',
    {
      config: { permission: 'wallboard.read' },
      schema: { tags: ['wallboard'], summary: 'AG-3: live agents and dialing campaigns (pushed as wallboard.changed)' },
    },
    async () => wallboard(db, clock.now(), (id) => deps.dialer?.estimates(id) ?? null),
  );
  app.put(
    '/api/campaigns/:id/robots',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags: ['wallboard'],
        summary: 'Robot agents for a demo: this many log in to the campaign and work its calls (0 logs them out)',
        params: Type.Object({ id: Type.Integer({ minimum: 10000, maximum: 99999 }) }),
        body: Type.Object({ count: Type.Integer({ minimum: 0, maximum: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ robots: Type.Integer(), loggedOut: Type.Integer(), leavingAfterCall: Type.Integer() }) },
      },
    },
    async (req) => {
      const campaign = await getCampaign(db, req.params.id);
      if (campaign.state === 'stopped' || campaign.state === 'finished') throw new AppError('invalid_transition', 'The campaign has ended');
      return setRobots(work, campaign.id, req.body.count, clock.now());
    },
  );
}
