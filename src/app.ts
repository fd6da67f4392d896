// buildApp(deps): every route and socket, no listen() — tests drive it with inject().
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyBaseLogger, type FastifyError } from 'fastify';
import type { Config } from './config.ts';
import type { Database, DbHandle } from './db/client.ts';
import { ErrorBody, type App } from './http.ts';
import { installGuard } from './modules/auth/guard.ts';
import { authRoutes } from './modules/auth/routes.ts';
import type { JobRunner } from './modules/jobs/runner.ts';
import { jobRoutes } from './modules/jobs/routes.ts';
import { contactRoutes } from './modules/contacts/routes.ts';
import { fieldRoutes } from './modules/fields/routes.ts';
import { importRoutes } from './modules/imports/routes.ts';
import { campaignRoutes } from './modules/campaigns/routes.ts';
import { assignmentRoutes } from './modules/assignments/routes.ts';
import { locationRoutes } from './modules/locations/routes.ts';
import { statusRoutes } from './modules/statuses/routes.ts';
import { processRoutes } from './modules/processes/routes.ts';
import { caseRoutes } from './modules/cases/routes.ts';
import { agentRoutes } from './modules/agents/routes.ts';
import { dialerRoutes } from './modules/dialer/routes.ts';
import { actionRoutes } from './modules/actions/routes.ts';
import type { Mailer } from './modules/mail/mailer.ts';
import { mailRoutes } from './modules/mail/routes.ts';
import { inboundMailRoutes } from './modules/mail/inbound-routes.ts';
import { reportRoutes } from './modules/reports/routes.ts';
import { inboundRoutes } from './modules/inbound/routes.ts';
import type { Clock } from './shared/clock.ts';
import { AppError, type ErrorCode, errorCatalogue } from './shared/errors.ts';
import type { EventBus } from './shared/events.ts';
import type { Random } from './shared/random.ts';
import type { Scheduler } from './shared/scheduler.ts';
import type { TelephonyPort } from './modules/telephony/port.ts';
import { websocketRoutes } from './ws.ts';

export interface AppDeps {
  config: Readonly<Config>;
  handle: DbHandle;
  db: Database;
  clock: Clock;
  random: Random;
  events: EventBus;
  jobs: JobRunner;
  /** the dialer, when this process runs one (the wallboard shows its pacing estimates) */
  dialer?: { estimates(campaignId: number): unknown };
  /** the telephony driver and timers, where this process has them (AC-1 call_and_play) */
  telephony?: TelephonyPort;
  scheduler?: Scheduler;
  /** how e-mail leaves (SMTP through nodemailer; tests point accounts at a local sink) */
  mailer: Mailer;
}

export async function buildApp(deps: AppDeps, opts: { logger?: FastifyBaseLogger } = {}): Promise<App> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: 5 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const body = toErrorBody(err);
    const status = err instanceof AppError ? err.status : errorCatalogue[body.code as ErrorCode];
    if (status >= 500) req.log.error({ err }, 'unhandled error');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` }));

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 1 } });
  await app.register(websocket);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley API',
        version: '0.1.0',
        description: 'Contacts, imports, campaigns and assignment. Authenticate with the session cookie or `Authorization: Bearer <API token>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  app.addSchema(ErrorBody);
  installGuard(app, deps);
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { config: { permission: 'self' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { config: { public: true }, schema: { tags: ['system'], summary: 'Liveness and database check' } }, async () => {
    await deps.db.execute(sql`select 1`);
    return { ok: true, database: deps.handle.kind };
  });

  for (const routes of [
    authRoutes,
    jobRoutes,
    fieldRoutes,
    contactRoutes,
    locationRoutes,
    importRoutes,
    campaignRoutes,
    assignmentRoutes,
    statusRoutes,
    processRoutes,
    caseRoutes,
    agentRoutes,
    dialerRoutes,
    actionRoutes,
    mailRoutes,
    inboundMailRoutes,
    reportRoutes,
    inboundRoutes,
    websocketRoutes,
  ]) {
    routes(app, deps);
  }

  // The web app: built files as they are, and index.html for every other page path (the app
  // routes itself). Public, like the login page it contains.
  const webDist = deps.config.webDist;
  await app.register(fastifyStatic, { root: webDist, serve: false });
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const urlPath = decodeURIComponent(req.url.split('?')[0]);
    if (urlPath.startsWith('/api/')) return reply.code(404).send({ code: 'not_found', message: `No route GET ${urlPath}` });
    const file = path.normalize(urlPath).replace(/^([/\\])+/, '');
    if (file && !file.startsWith('..') && fs.statSync(path.join(webDist, file), { throwIfNoEntry: false })?.isFile()) {
      return reply.header('cache-control', file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file);
    }
    if (!fs.existsSync(path.join(webDist, 'index.html')))
      return reply.code(404).send({ code: 'not_found', message: 'The web app is not built: run npm run build:web' });
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}

function toErrorBody(err: FastifyError | AppError): { code: string; message: string; field?: string; details?: unknown } {
  if (err instanceof AppError) return { code: err.code, message: err.message, field: err.field, details: err.details };
  if (err.validation?.length) {
    const v = err.validation[0];
    const missing = (v.params as { missingProperty?: string })?.missingProperty;
    const at = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const field = [at, missing].filter(Boolean).join('.') || undefined;
    const where = err.validationContext ?? 'request';
    return { code: 'validation_failed', message: `${where}${field ? `.${field}` : ''} ${v.message ?? 'is invalid'}`, field };
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return { code: 'payload_too_large', message: err.message };
  if (status === 415) return { code: 'unsupported_media_type', message: err.message };
  if (status === 401) return { code: 'unauthenticated', message: err.message };
  if (status === 404) return { code: 'not_found', message: err.message };
  if (status >= 400 && status < 500) return { code: 'validation_failed', message: err.message };
  return { code: 'internal', message: 'Internal error' };
}
