import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { campaigns } from '../../db/schema.ts';
import { type App, IdParam, DateTime } from '../../http.ts';
import { releaseCases } from '../assignments/release-cases.ts';
import { type Campaign, campaignCounts, createCampaign, getCampaign, listCampaigns, MAX_CAMPAIGN_ID, MIN_CAMPAIGN_ID, nextCampaignId } from './repo.ts';

const CampaignOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: Type.String(),
  state: Type.String(),
  createdAt: DateTime(),
});
const CampaignId = Type.Integer({ minimum: MIN_CAMPAIGN_ID, maximum: MAX_CAMPAIGN_ID, description: '5-digit campaign id' });
const State = Type.Union(['draft', 'running', 'paused', 'stopped', 'finished'].map((s) => Type.Literal(s)));

export function campaignRoutes(app: App, { db, clock }: AppDeps) {
  const tags = ['campaigns'];
  app.get(
    '/api/campaigns',
    {
      config: { permission: 'campaigns.read' },
      schema: {
        tags,
        summary: 'Campaigns, optionally by name fragment',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: Type.Array(CampaignOut) },
      },
    },
    async (req) => listCampaigns(db, req.query.q),
  );

  app.get(
    '/api/campaigns/next-id',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'The next free campaign id', response: { 200: Type.Object({ id: Type.Integer() }) } },
    },
    async () => ({
      id: await nextCampaignId(db),
    }),
  );

  app.post(
    '/api/campaigns',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Create a campaign',
        body: Type.Object(
          {
            id: Type.Optional(CampaignId),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            type: Type.Optional(Type.Union([Type.Literal('outbound'), Type.Literal('callback')])),
          },
          { additionalProperties: false },
        ),
        response: { 201: CampaignOut },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign(db, req.body, clock.now())),
  );

  app.get(
    '/api/campaigns/:id',
    {
      config: { permission: 'campaigns.read' },
      schema: {
        tags,
        summary: 'A campaign with its counts of all and unused contacts',
        params: IdParam,
        response: { 200: Type.Object({ ...CampaignOut.properties, total: Type.Integer(), unused: Type.Integer() }) },
      },
    },
    async (req) => ({ ...(await getCampaign(db, req.params.id)), ...(await campaignCounts(db, req.params.id)) }),
  );

  app.patch(
    '/api/campaigns/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Rename a campaign or change its state; stopping or finishing it returns its contacts to the database (CT-8)',
        params: IdParam,
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), state: Type.Optional(State) }, { additionalProperties: false }),
        response: { 200: CampaignOut },
      },
    },
    async (req) => {
      const before = await getCampaign(db, req.params.id);
      const now = clock.now();
      return db.transaction(async (tx) => {
        const [c] = await tx
          .update(campaigns)
          .set({ ...req.body, state: req.body.state as Campaign['state'] | undefined, updatedAt: now })
          .where(eq(campaigns.id, req.params.id))
          .returning();
        const ended = (s: string) => s === 'stopped' || s === 'finished';
        if (ended(c.state) && !ended(before.state)) await releaseCases(tx, c.id, { now });
        return c;
      });
    },
  );
}
