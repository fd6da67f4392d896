import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { currentUser, type App } from '../../http.ts';
import { ContactFilter } from '../contacts/filter.ts';
import { AssignRequest, assignContacts, previewAssignment } from './assign-contacts.ts';

const Result = Type.Object({
  total: Type.Integer({ description: 'eligible contacts targeted (after the limit)' }),
  added: Type.Integer(),
  skippedInUse: Type.Integer(),
  skippedBlocked: Type.Integer(),
  skippedDuplicate: Type.Integer(),
});

export function assignmentRoutes(app: App, deps: AppDeps) {
  const { db, clock, config, jobs } = deps;
  const tags = ['assignment'];
  app.post(
    '/api/assignments/preview',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'AS-2: selected, free and eligible counts, and the campaign’s total and unused contacts',
        body: Type.Object(
          { campaignId: Type.Optional(Type.Integer({ minimum: 10000, maximum: 99999 })), filter: ContactFilter },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            selected: Type.Integer(),
            free: Type.Integer(),
            eligible: Type.Integer(),
            campaign: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), total: Type.Integer(), unused: Type.Integer() }), Type.Null()]),
          }),
        },
      },
    },
    async (req) => previewAssignment(db, req.body, config.defaultCountry),
  );

  app.post(
    '/api/assignments',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Assign a selection or everything matching a filter to a campaign (AS-2, AS-4); large ones run as a job (202)',
        body: AssignRequest,
        response: { 200: Result, 202: Type.Object({ jobId: Type.Integer(), total: Type.Integer() }) },
      },
    },
    async (req, reply) => {
      const r = await assignContacts(db, jobs, req.body, {
        now: clock.now(),
        userId: currentUser(req).id,
        country: config.defaultCountry,
        syncLimit: config.syncAssignLimit,
      });
      if (r.mode === 'queued') return reply.code(202).send({ jobId: r.jobId, total: r.total });
      deps.events.publish({ type: 'campaign.changed', userId: null, campaignId: req.body.campaignId });
      return r.result;
    },
  );
}
