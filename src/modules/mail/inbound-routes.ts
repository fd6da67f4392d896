// PR-4e over HTTP: mail providers post received mail (JSON or an HTML form body with
// from/to/subject/text) with an API token; managers list what came in, matched or not.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { type App, DateTime } from '../../http.ts';
import { invalid } from '../../shared/errors.ts';
import { listInbound, receiveInboundMail, senderAddress } from './inbound.ts';

const InboundOut = Type.Object({
  id: Type.Integer(),
  receivedAt: DateTime(),
  via: Type.String(),
  fromAddress: Type.String(),
  toAddress: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  messageId: Type.Union([Type.String(), Type.Null()]),
  contactId: Type.Union([Type.Integer(), Type.Null()]),
  casesChanged: Type.Integer(),
});

export function inboundMailRoutes(app: App, { db, clock, events, config }: AppDeps) {
  const tags = ['mail'];
  const maxText = Math.min(config.smtpInboundMaxBytes, 4 * 1024 * 1024);
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // providers post an HTML form; JSON works as well
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: maxText + 64 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.post(
      '/api/mail/inbound',
      {
        config: { permission: 'mail.inbound' },
        bodyLimit: maxText + 64 * 1024,
        schema: {
          tags,
          summary: 'Receive an e-mail from a mail provider (PR-4e): matched to a contact by sender, may set statuses',
          body: Type.Object({
            from: Type.String({ minLength: 3, maxLength: 1000 }),
            to: Type.Optional(Type.String({ maxLength: 1000 })),
            subject: Type.Optional(Type.String({ maxLength: 2000 })),
            text: Type.Optional(Type.String({ maxLength: maxText })),
            messageId: Type.Optional(Type.String({ maxLength: 1000 })),
          }),
          response: {
            200: Type.Object({
              id: Type.Integer(),
              contactId: Type.Union([Type.Integer(), Type.Null()]),
              casesChanged: Type.Array(Type.Integer()),
              duplicate: Type.Optional(Type.Boolean()),
            }),
          },
        },
      },
      async (req) => {
        if (!senderAddress(req.body.from)) throw invalid('from', 'No e-mail address in "from"');
        return receiveInboundMail({ db, events }, { via: 'webhook', ...req.body }, clock.now());
      },
    );
  });
  app.get(
    '/api/mail/inbound',
    {
      config: { permission: 'mail.manage' },
      schema: {
        tags,
        summary: 'Received e-mail, newest first (unmatched=true: senders that are no contact)',
        querystring: Type.Object({ unmatched: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(InboundOut) },
      },
    },
    async (req) => listInbound(db, { unmatched: req.query.unmatched }),
  );
}
