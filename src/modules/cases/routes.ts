// Cases: the card, why a case is not dialable, a campaign's cases (CP-8, AS-5), statistics,
// attempts (CP-5) and saved views.
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { caseViews } from '../../db/schema.ts';
import { BigIdParam, currentUser, type App, IdParam } from '../../http.ts';
import { notFound } from '../../shared/errors.ts';
import { getCampaign } from '../campaigns/repo.ts';
import { caseCard, checkCaseAccess } from './card.ts';
import { GroupAction, runGroupAction } from './group-actions.ts';
import { CaseFilter, campaignStats, listAttempts, listCases } from './list.ts';
import { campaignBreakdown, explainCase } from './why.ts';

const Any = Type.Unknown();
const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }));

export function caseRoutes(app: App, { db, clock }: AppDeps) {
  const tags = ['cases'];
  app.get(
    '/api/cases/:id',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'The case card: contact, case state, statuses to pick, script, attempts, history, timeline',
        params: BigIdParam,
        response: { 200: Any },
      },
    },
    async (req) => {
      await checkCaseAccess(db, currentUser(req), req.params.id);
      return caseCard(db, req.params.id);
    },
  );
  app.get(
    '/api/cases/:id/why',
    {
      config: { permission: 'self' },
      schema: { tags, summary: 'Why this case is (not) dialable now: every condition that holds, with details', params: BigIdParam, response: { 200: Any } },
    },
    async (req) => {
      await checkCaseAccess(db, currentUser(req), req.params.id);
      return explainCase(db, req.params.id, clock.now());
    },
  );
  app.get(
    '/api/campaigns/:id/dialability',
    {
      config: { permission: 'cases.read' },
      schema: { tags, summary: "The campaign's cases counted by the reason they are not dialable now", params: IdParam, response: { 200: Any } },
    },
    async (req) => campaignBreakdown(db, req.params.id, clock.now()),
  );
  app.get(
    '/api/campaigns/:id/cases',
    {
      config: { permission: 'cases.read' },
      schema: {
        tags,
        summary: 'The per-contact table of a campaign (CP-8), filtered and sorted (AS-5)',
        params: IdParam,
        querystring: Type.Object({ ...CaseFilter.properties, page: Page }, { additionalProperties: false }),
        response: { 200: Any },
      },
    },
    async (req) => {
      await getCampaign(db, req.params.id);
      const { page, ...filter } = req.query;
      return listCases(db, req.params.id, filter, page ?? 1);
    },
  );
  app.post(
    '/api/campaigns/:id/cases/actions',
    {
      config: { permission: 'cases.manage' },
      schema: {
        tags,
        summary: 'Case group action (AS-5): assign to an agent, change status, set priority, delete',
        params: IdParam,
        body: GroupAction,
        response: { 200: Type.Object({ affected: Type.Integer() }) },
      },
    },
    async (req) => runGroupAction(db, req.params.id, req.body, { userId: currentUser(req).id, now: clock.now() }),
  );
  app.get(
    '/api/campaigns/:id/stats',
    { config: { permission: 'cases.read' }, schema: { tags, summary: 'Campaign statistics (CP-8)', params: IdParam, response: { 200: Any } } },
    async (req) => {
      await getCampaign(db, req.params.id);
      return campaignStats(db, req.params.id, clock.now());
    },
  );
  app.get(
    '/api/campaigns/:id/attempts',
    {
      config: { permission: 'cases.read' },
      schema: {
        tags,
        summary: 'Attempts with script answers as columns (CP-5); search by answer',
        params: IdParam,
        querystring: Type.Object(
          {
            param: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' })),
            value: Type.Optional(Type.String({ maxLength: 200 })),
            agentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
            page: Page,
          },
          { additionalProperties: false },
        ),
        response: { 200: Any },
      },
    },
    async (req) => {
      await getCampaign(db, req.params.id);
      return listAttempts(db, req.params.id, { ...req.query, page: req.query.page ?? 1 });
    },
  );

  const ViewOut = Type.Object({ id: Type.Integer(), name: Type.String(), campaignId: Type.Union([Type.Integer(), Type.Null()]), filter: Any });
  app.get(
    '/api/campaigns/:id/case-views',
    { config: { permission: 'cases.read' }, schema: { tags, summary: 'My saved case views (AS-5)', params: IdParam, response: { 200: Type.Array(ViewOut) } } },
    async (req) =>
      db
        .select()
        .from(caseViews)
        .where(and(eq(caseViews.userId, currentUser(req).id), eq(caseViews.campaignId, req.params.id)))
        .orderBy(caseViews.name),
  );
  app.post(
    '/api/campaigns/:id/case-views',
    {
      config: { permission: 'cases.read' },
      schema: {
        tags,
        summary: 'Save a filtered case view',
        params: IdParam,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), filter: CaseFilter }, { additionalProperties: false }),
        response: { 201: ViewOut },
      },
    },
    async (req, reply) => {
      await getCampaign(db, req.params.id);
      const [v] = await db
        .insert(caseViews)
        .values({ userId: currentUser(req).id, campaignId: req.params.id, name: req.body.name, filter: req.body.filter, createdAt: clock.now() })
        .returning();
      return reply.code(201).send(v);
    },
  );
  app.delete(
    '/api/case-views/:id',
    { config: { permission: 'cases.read' }, schema: { tags, summary: 'Delete one of my saved views', params: IdParam, response: { 204: Type.Null() } } },
    async (req, reply) => {
      const r = await db
        .delete(caseViews)
        .where(and(eq(caseViews.id, req.params.id), eq(caseViews.userId, currentUser(req).id)))
        .returning();
      if (!r.length) throw notFound('View', 'id');
      return reply.code(204).send(null);
    },
  );
}
