// CP-1..CP-10, ST-4: campaigns, their state, clones and their statuses. Parse, call, return.
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { type App, currentUser, IdParam, INT4_MAX } from '../../http.ts';
import { addDictionaryStatus, campaignStatusRows, createStatus, getStatus } from '../statuses/repo.ts';
import { DictionaryInput, StatusOut, statusOut } from '../statuses/routes.ts';
import { agentGroupRoutes } from './agent-groups.ts';
import { cloneCampaign } from './clone.ts';
import { CampaignId, CampaignInput, CampaignListItem, CampaignOut, CampaignPatch, CampaignStateSchema } from './model.ts';
import {
  campaignDetail,
  changeState,
  createCampaign,
  deleteCampaign,
  dictionaryCampaign,
  listCampaigns,
  nextCampaignId,
  removeStatusFromCampaign,
  updateCampaign,
} from './repo.ts';

const StateBody = Type.Object({ state: CampaignStateSchema }, { additionalProperties: false });
const CloneBody = Type.Object(
  {
    id: Type.Optional(CampaignId),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'default "<name> (copy)", "(copy 2)", …' })),
    withContacts: Type.Boolean({ description: 'also the same contacts, those free now, in the same order' }),
  },
  { additionalProperties: false },
);
const CloneOut = Type.Object({
  campaign: CampaignOut,
  copiedCases: Type.Integer(),
  skippedInUse: Type.Integer({ description: 'contacts another campaign holds now' }),
  skippedBlocked: Type.Integer({ description: 'contacts blocked now' }),
});
const { autoAdd: _autoAdd, ...campaignOnlyProps } = DictionaryInput.properties;
const CampaignStatusBody = Type.Union([
  Type.Object({ statusId: Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'a dictionary status to add' }) }, { additionalProperties: false }),
  Type.Object(campaignOnlyProps, { additionalProperties: false, description: 'a status of this campaign only (not added to the dictionary)' }),
]);
const StatusParams = Type.Object({ id: IdParam.properties.id, statusId: Type.Integer({ minimum: 1, maximum: INT4_MAX }) });

export function campaignRoutes(app: App, deps: AppDeps) {
  const { db, clock, config } = deps;
  // the routing pickers and groups belong with campaigns (app.ts registers this module only)
  agentGroupRoutes(app, deps);
  const tags = ['campaigns'];
  const defaultCountry = config.defaultCountry;
  const detail = (id: number) => campaignDetail(db, id, clock.now());

  app.get(
    '/api/campaigns',
    {
      config: { permission: 'campaigns.read' },
      schema: {
        tags,
        summary: 'Campaigns with their counts of all and unused contacts, optionally by name fragment',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: Type.Array(CampaignListItem) },
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
    async () => ({ id: await nextCampaignId(db) }),
  );

  app.post(
    '/api/campaigns',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Create a campaign (a draft); dictionary campaigns get the statuses marked "add automatically"',
        body: CampaignInput,
        response: { 201: CampaignOut },
      },
    },
    async (req, reply) => {
      const c = await createCampaign(db, req.body, clock.now(), { defaultCountry });
      return reply.code(201).send(await detail(c.id));
    },
  );

  app.get(
    '/api/campaigns/:id',
    {
      config: { permission: 'campaigns.read' },
      schema: { tags, summary: 'A campaign: settings, routing, counts and what keeps it from running', params: IdParam, response: { 200: CampaignOut } },
    },
    async (req) => detail(req.params.id),
  );

  app.patch(
    '/api/campaigns/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Change any setting; the id only while the campaign has no cases; `state` goes through the state machine',
        params: IdParam,
        body: CampaignPatch,
        response: { 200: CampaignOut },
      },
    },
    async (req) => {
      const id = await updateCampaign(db, req.params.id, req.body, { now: clock.now(), defaultCountry });
      deps.events.publish({ type: 'campaign.changed', userId: null, campaignId: id });
      return detail(id);
    },
  );

  app.post(
    '/api/campaigns/:id/state',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Run, pause, resume, stop or finish; stopping or finishing returns the contacts to the database (CT-8)',
        params: IdParam,
        body: StateBody,
        response: { 200: CampaignOut },
      },
    },
    async (req) => {
      await changeState(db, req.params.id, req.body.state, clock.now());
      deps.events.publish({ type: 'campaign.changed', userId: null, campaignId: req.params.id });
      return detail(req.params.id);
    },
  );

  app.delete(
    '/api/campaigns/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Delete a draft that has no cases', params: IdParam, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await deleteCampaign(db, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/campaigns/:id/clone',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Copy a campaign as a draft: settings, agents, groups, statuses, and optionally its contacts that are free now',
        params: IdParam,
        body: CloneBody,
        response: { 201: CloneOut },
      },
    },
    async (req, reply) => {
      const { campaignId, ...counts } = await cloneCampaign(db, req.params.id, req.body, { now: clock.now(), userId: currentUser(req).id });
      return reply.code(201).send({ campaign: await detail(campaignId), ...counts });
    },
  );

  // ---- ST-4: the statuses a dictionary campaign offers ----

  app.get(
    '/api/campaigns/:id/statuses',
    {
      config: { permission: 'campaigns.read' },
      schema: {
        tags,
        summary: "The campaign's statuses: its process's, or those added from the dictionary and its own",
        params: IdParam,
        response: { 200: Type.Array(StatusOut) },
      },
    },
    async (req) => (await campaignStatusRows(db, req.params.id)).map(statusOut),
  );

  app.post(
    '/api/campaigns/:id/statuses',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Add a dictionary status ({statusId}) or create a status of this campaign only',
        params: IdParam,
        body: CampaignStatusBody,
        response: { 201: StatusOut },
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      await dictionaryCampaign(db, id);
      const body = req.body;
      if ('statusId' in body) {
        await addDictionaryStatus(db, id, body.statusId);
        return reply.code(201).send(statusOut(await getStatus(db, body.statusId)));
      }
      const made = await db.transaction((tx) => createStatus(tx, body, { now: clock.now(), campaignId: id }));
      return reply.code(201).send(statusOut(made));
    },
  );

  app.delete(
    '/api/campaigns/:id/statuses/:statusId',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Remove a status from the campaign (a campaign-only status is deleted unless cases carry it)',
        params: StatusParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await removeStatusFromCampaign(db, req.params.id, req.params.statusId);
      return reply.code(204).send(null);
    },
  );
}
