// AC-1: automatic actions (list, retry by hand), the user's notifications, and the integration
// settings they use (SMS gateway, webhook secret).
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { rows } from '../../db/query.ts';
import { BigIdParam, currentUser, type App, INT4_MAX, OneOf } from '../../http.ts';
import { notFound } from '../../shared/errors.ts';
import { readSetting, type SmsGateway, SmsGatewaySchema, type WebhookSettings, writeSetting } from './integrations.ts';
import { actionCounts, actionStates, listActions, listNotifications, markNotificationsRead, retryAction } from './repo.ts';

const Any = Type.Unknown();
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export function actionRoutes(app: App, { db, clock, jobs, events }: AppDeps) {
  const tags = ['actions'];
  app.get(
    '/api/actions',
    {
      config: { permission: 'cases.read' },
      schema: {
        tags,
        summary: 'Automatic actions of cases, newest first (AC-1): state, attempts, the reason of a failure',
        querystring: Type.Object(
          {
            state: Type.Optional(OneOf(actionStates)),
            campaignId: Type.Optional(Type.Integer({ minimum: 1, maximum: INT4_MAX })),
            caseId: Type.Optional(Id),
            beforeId: Type.Optional(Id),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Any },
      },
    },
    async (req) => ({
      items: await listActions(db, req.query),
      counts: await actionCounts(db, req.query.campaignId),
    }),
  );
  app.get(
    '/api/actions/recipients',
    {
      config: { permission: 'campaigns.read' },
      schema: {
        tags,
        summary: 'Active users a notification action can be sent to (the process editor picker)',
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String(), role: Type.String() })) },
      },
    },
    async () =>
      rows<{ id: number; username: string; displayName: string; role: string }>(
        db,
        sql`select id, username, display_name as "displayName", role from users where active order by display_name, id`,
      ),
  );
  app.post(
    '/api/actions/:id/retry',
    {
      config: { permission: 'cases.manage' },
      schema: { tags, summary: 'Run a failed or skipped action again, now', params: BigIdParam, response: { 200: Any } },
    },
    async (req) => {
      const r = await retryAction(db, jobs, req.params.id, clock.now());
      const [a] = await rows<{ case_id: string; campaign_id: number }>(db, sql`select case_id, campaign_id from case_actions where id = ${r.id}`);
      events.publish({ type: 'actions.changed', userId: null, campaignId: a.campaign_id, caseId: Number(a.case_id) });
      return r;
    },
  );

  app.get(
    '/api/notifications',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: "The signed-in user's notifications, newest first, and how many are unread",
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 30 })) }, { additionalProperties: false }),
        response: { 200: Any },
      },
    },
    async (req) => listNotifications(db, currentUser(req).id, req.query.limit ?? 30),
  );
  app.post(
    '/api/notifications/:id/read',
    { config: { permission: 'self' }, schema: { tags, summary: 'Mark one notification read', params: BigIdParam, response: { 200: Any } } },
    async (req) => {
      const user = currentUser(req);
      const [n] = await rows<{ id: string }>(db, sql`select id from notifications where id = ${req.params.id} and user_id = ${user.id}`);
      if (!n) throw notFound('Notification', 'id');
      await markNotificationsRead(db, user.id, clock.now(), req.params.id);
      return listNotifications(db, user.id, 30);
    },
  );
  app.post(
    '/api/notifications/read',
    { config: { permission: 'self' }, schema: { tags, summary: 'Mark all notifications read', response: { 200: Any } } },
    async (req) => {
      const user = currentUser(req);
      await markNotificationsRead(db, user.id, clock.now());
      return listNotifications(db, user.id, 30);
    },
  );

  const SmsOut = Type.Union([
    Type.Null(),
    Type.Object({ ...SmsGatewaySchema.properties, authorizationSet: Type.Boolean(), updatedAt: Type.String({ format: 'date-time' }) }),
  ]);
  const IntegrationsOut = Type.Object({
    sms: SmsOut,
    webhook: Type.Object({ secretSet: Type.Boolean(), updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }),
  });
  async function integrations() {
    const sms = await readSetting<SmsGateway>(db, 'sms');
    const webhook = await readSetting<WebhookSettings>(db, 'webhook');
    return {
      sms: sms && {
        url: sms.url,
        method: sms.method,
        headers: sms.headers,
        body: sms.body,
        authorizationSet: Boolean(sms.authorization),
        updatedAt: sms.updatedAt,
      },
      webhook: { secretSet: Boolean(webhook?.secret), updatedAt: webhook?.updatedAt ?? null },
    };
  }
  app.get(
    '/api/integrations',
    {
      config: { permission: 'integrations.manage' },
      schema: {
        tags,
        summary: 'The SMS gateway and webhook settings (secrets are never returned, only whether they are set)',
        response: { 200: IntegrationsOut },
      },
    },
    async () => integrations(),
  );
  app.put(
    '/api/integrations/sms',
    {
      config: { permission: 'integrations.manage' },
      schema: {
        tags,
        summary: 'Set the SMS gateway: URL, method, headers, body template with {{phone}} and {{text}}',
        body: Type.Object(
          {
            ...SmsGatewaySchema.properties,
            authorization: Type.Optional(
              Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()], {
                description: 'the Authorization header; omit to keep, null to remove',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: IntegrationsOut },
      },
    },
    async (req) => {
      const { authorization, ...gateway } = req.body;
      const kept = authorization === undefined ? ((await readSetting<SmsGateway>(db, 'sms'))?.authorization ?? null) : authorization;
      await writeSetting(db, 'sms', { ...gateway, authorization: kept }, currentUser(req).id, clock.now());
      return integrations();
    },
  );
  app.put(
    '/api/integrations/webhook',
    {
      config: { permission: 'integrations.manage' },
      schema: {
        tags,
        summary: 'Set the secret outgoing webhooks are signed with (HMAC-SHA256, X-Parley-Signature)',
        body: Type.Object({ secret: Type.String({ minLength: 16, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: IntegrationsOut },
      },
    },
    async (req) => {
      await writeSetting(db, 'webhook', { secret: req.body.secret }, currentUser(req).id, clock.now());
      return integrations();
    },
  );
}
