// Environment parsed once, validated, frozen. Every variable here is in the README table.
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  PARLEY_DATA_DIR: Type.String({ default: './data' }),
  PARLEY_ADMIN_USERNAME: Type.String({ minLength: 1, default: 'admin' }),
  PARLEY_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
  PARLEY_DEMO_DATA: Type.Boolean({ default: true }),
  PARLEY_DEFAULT_COUNTRY: Type.String({ pattern: '^[A-Z]{2}$', default: 'PL' }),
  PARLEY_SESSION_HOURS: Type.Number({ exclusiveMinimum: 0, default: 12 }),
  PARLEY_COOKIE_SECURE: Type.Boolean({ default: false }),
  PARLEY_LOGIN_ATTEMPTS: Type.Integer({ minimum: 1, default: 10 }),
  PARLEY_UPLOAD_MAX_MB: Type.Integer({ minimum: 1, default: 2048 }),
  PARLEY_SYNC_ASSIGN_LIMIT: Type.Integer({ minimum: 0, default: 5000 }),
  PARLEY_WEB_DIST: Type.Optional(Type.String({ minLength: 1 })),
  PARLEY_CASE_LEASE_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 60 }),
  PARLEY_LANGUAGE: Type.Union([Type.Literal('en'), Type.Literal('pl'), Type.Literal('cs')], { default: 'en' }),
  PARLEY_SMTP_INBOUND_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  PARLEY_SMTP_INBOUND_MAX_MB: Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 10 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
});

export type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  uploadDir: string;
  /** the built web app */
  webDist: string;
  admin: { username: string; password?: string };
  demoData: boolean;
  defaultCountry: string;
  sessionHours: number;
  cookieSecure: boolean;
  loginAttemptsPerMinute: number;
  uploadMaxBytes: number;
  syncAssignLimit: number;
  /** how long an agent keeps a case taken for preview without saving a result */
  caseLeaseMinutes: number;
  /** the installation's language: names of the default statuses */
  language: 'en' | 'pl' | 'cs';
  logLevel: string;
  /** PR-4e: the port of Parley's inbound SMTP listener (bound to HOST); undefined = off */
  smtpInboundPort?: number;
  /** the largest inbound mail (SMTP listener and webhook text) */
  smtpInboundMaxBytes: number;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const known = Object.fromEntries(Object.keys(EnvSchema.properties).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])));
  const parsed = Value.Convert(EnvSchema, Value.Default(EnvSchema, known));
  if (!Value.Check(EnvSchema, parsed)) {
    const problems = [...Value.Errors(EnvSchema, parsed)].map((e) => `${e.instancePath.slice(1) || '(env)'}: ${e.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed as Env;
  const dataDir = path.resolve(e.PARLEY_DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    uploadDir: path.join(dataDir, 'uploads'),
    webDist: path.resolve(e.PARLEY_WEB_DIST ?? path.join(import.meta.dirname, '../web/dist')),
    admin: { username: e.PARLEY_ADMIN_USERNAME, password: e.PARLEY_ADMIN_PASSWORD },
    demoData: e.PARLEY_DEMO_DATA,
    defaultCountry: e.PARLEY_DEFAULT_COUNTRY,
    sessionHours: e.PARLEY_SESSION_HOURS,
    cookieSecure: e.PARLEY_COOKIE_SECURE,
    loginAttemptsPerMinute: e.PARLEY_LOGIN_ATTEMPTS,
    uploadMaxBytes: e.PARLEY_UPLOAD_MAX_MB * 1024 * 1024,
    syncAssignLimit: e.PARLEY_SYNC_ASSIGN_LIMIT,
    caseLeaseMinutes: e.PARLEY_CASE_LEASE_MINUTES,
    language: e.PARLEY_LANGUAGE,
    logLevel: e.LOG_LEVEL,
    smtpInboundPort: e.PARLEY_SMTP_INBOUND_PORT,
    smtpInboundMaxBytes: Math.round(e.PARLEY_SMTP_INBOUND_MAX_MB * 1024 * 1024),
  });
}
