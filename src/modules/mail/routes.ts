// SMTP accounts, templates, the placeholder list, the mail log. Thin: validate, call, return.
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { type App, BigIdParam, DateTime, IdParam, NullableDateTime, OneOf } from '../../http.ts';
import { AppError } from '../../shared/errors.ts';
import { deleteAccount, getAccount, listAccounts, publicAccount, saveAccount } from './accounts.ts';
import { recentMail } from './send.ts';
import { customFieldKeys, deleteTemplate, listTemplates, previewTemplate, saveTemplate } from './templates.ts';
import { placeholderCatalogue } from './template.ts';

const Email = Type.String({ minLength: 3, maxLength: 254, format: 'email' });
const AccountBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    host: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9.:\\-\\[\\]]+$' }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    security: OneOf(['none', 'starttls', 'tls'] as const),
    username: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
    password: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], { description: 'omit on update to keep the stored one' })),
    fromAddress: Email,
    fromName: Type.Optional(Type.String({ maxLength: 200 })),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const AccountOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  host: Type.String(),
  port: Type.Integer(),
  security: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  hasPassword: Type.Boolean(),
  fromAddress: Type.String(),
  fromName: Type.String(),
  isDefault: Type.Boolean(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
const TemplateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    accountId: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()])),
    recipient: Type.Optional(Type.String({ maxLength: 1000, description: 'default {{contact.email}}; several addresses separated by commas' })),
    subject: Type.String({ minLength: 1, maxLength: 500 }),
    bodyText: Type.String({ minLength: 1, maxLength: 100_000 }),
    bodyHtml: Type.Optional(Type.Union([Type.String({ maxLength: 200_000 }), Type.Null()], { description: 'empty = derived from the text' })),
  },
  { additionalProperties: false },
);
const TemplateOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  accountId: Type.Union([Type.Integer(), Type.Null()]),
  recipient: Type.String(),
  subject: Type.String(),
  bodyText: Type.String(),
  bodyHtml: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
const Rendered = Type.Object({ to: Type.String(), subject: Type.String(), text: Type.String(), html: Type.String() });
const LogOut = Type.Object({
  id: Type.Integer(),
  idempotencyKey: Type.String(),
  accountId: Type.Union([Type.Integer(), Type.Null()]),
  recipient: Type.String(),
  subject: Type.String(),
  state: Type.String(),
  messageId: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  caseId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: DateTime(),
  sentAt: NullableDateTime(),
});

export function mailRoutes(app: App, { db, clock, mailer }: AppDeps) {
  const tags = ['mail'];
  const manage = { permission: 'mail.manage' as const };

  app.get(
    '/api/mail/accounts',
    { config: manage, schema: { tags, summary: 'SMTP accounts (passwords are never returned)', response: { 200: Type.Array(AccountOut) } } },
    async () => listAccounts(db),
  );
  app.post(
    '/api/mail/accounts',
    { config: manage, schema: { tags, summary: 'Add an SMTP account', body: AccountBody, response: { 201: AccountOut } } },
    async (req, reply) => reply.code(201).send(publicAccount(await saveAccount(db, null, req.body, clock.now()))),
  );
  app.put(
    '/api/mail/accounts/:id',
    {
      config: manage,
      schema: { tags, summary: 'Change an SMTP account (no password = keep it)', params: IdParam, body: AccountBody, response: { 200: AccountOut } },
    },
    async (req) => publicAccount(await saveAccount(db, req.params.id, req.body, clock.now())),
  );
  app.delete(
    '/api/mail/accounts/:id',
    { config: manage, schema: { tags, summary: 'Remove an SMTP account (409 while a template, a report schedule or, for the default, e-mail actions use it)', params: IdParam, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await deleteAccount(db, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/mail/accounts/:id/test',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Send a test mail through the account',
        params: IdParam,
        body: Type.Object({ to: Email }, { additionalProperties: false }),
        response: { 200: Type.Object({ messageId: Type.String() }) },
      },
    },
    async (req) => {
      const account = await getAccount(db, req.params.id);
      try {
        const r = await mailer.send(account, {
          to: [req.body.to],
          subject: `Parley: test mail from "${account.name}"`,
          text: `This is a test mail sent by Parley through the SMTP account "${account.name}" (${account.host}:${account.port}).\n`,
        });
        return { messageId: r.messageId };
      } catch (err) {
        throw new AppError('mail_failed', `The SMTP server did not take the mail: ${(err as Error).message}`);
      }
    },
  );

  app.get(
    '/api/mail/templates',
    {
      config: { permission: 'campaigns.read' },
      schema: { tags, summary: 'E-mail templates (the action picker lists them)', response: { 200: Type.Array(TemplateOut) } },
    },
    async () => listTemplates(db),
  );
  app.post(
    '/api/mail/templates',
    { config: manage, schema: { tags, summary: 'Add a template', body: TemplateBody, response: { 201: TemplateOut } } },
    async (req, reply) => reply.code(201).send(await saveTemplate(db, null, req.body, clock.now())),
  );
  app.put(
    '/api/mail/templates/:id',
    { config: manage, schema: { tags, summary: 'Change a template', params: IdParam, body: TemplateBody, response: { 200: TemplateOut } } },
    async (req) => saveTemplate(db, req.params.id, req.body, clock.now()),
  );
  app.delete(
    '/api/mail/templates/:id',
    { config: manage, schema: { tags, summary: 'Remove a template', params: IdParam, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await deleteTemplate(db, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/mail/templates/:id/preview',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The template rendered for a case',
        params: IdParam,
        body: Type.Object({ caseId: BigIdParam.properties.id }, { additionalProperties: false }),
        response: { 200: Rendered },
      },
    },
    async (req) => previewTemplate(db, req.params.id, req.body.caseId),
  );
  app.get(
    '/api/mail/placeholders',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The placeholders a template may use',
        response: {
          200: Type.Object({
            contact: Type.Array(Type.String()),
            case: Type.Array(Type.String()),
            agent: Type.Array(Type.String()),
            report: Type.Array(Type.String()),
          }),
        },
      },
    },
    async () => placeholderCatalogue(await customFieldKeys(db)),
  );
  app.get('/api/mail/log', { config: manage, schema: { tags, summary: 'Mail Parley sent (newest first)', response: { 200: Type.Array(LogOut) } } }, async () =>
    recentMail(db),
  );
}
