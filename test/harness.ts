// Test harness: the real app on a real database — PGlite in memory by default, the PostgreSQL
// server when DATABASE_URL is set — with a manual clock and a seeded random source.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { type DbHandle, openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { rows } from '../src/db/query.ts';
import { defineJobs } from '../src/jobs.ts';
import { relayScheduledActions } from '../src/modules/actions/scheduled-events.ts';
import { createUser } from '../src/modules/auth/users-repo.ts';
import type { Role } from '../src/modules/auth/roles.ts';
import { smtpMailer } from '../src/modules/mail/mailer.ts';
import { createJobRunner } from '../src/modules/jobs/runner.ts';
import { ensureDefaultStatuses } from '../src/modules/statuses/repo.ts';
import { manualClock } from '../src/shared/clock.ts';
import { type AppEvent, createEventBus } from '../src/shared/events.ts';
import { seededRandom } from '../src/shared/random.ts';

export const PASSWORD = 'test-password-1';

let shared: DbHandle | undefined;

/** One migrated database per test file (a fresh PGlite costs ~1.5 s; reuse it). */
export async function testDatabase(): Promise<DbHandle> {
  if (!shared) {
    shared = await openDatabase({ url: process.env.DATABASE_URL, dataDir: 'memory://' });
    await migrate(shared);
  }
  return shared;
}

export async function truncateAll(handle: DbHandle) {
  const tables = await rows<{ tablename: string }>(handle.db, sql`select tablename from pg_tables where schemaname = 'public'`);
  await handle.db.execute(sql.raw(`truncate ${tables.map((t) => `"${t.tablename}"`).join(', ')} restart identity cascade`));
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

export async function createTestContext(env: Record<string, string> = {}) {
  const handle = await testDatabase();
  await truncateAll(handle);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
  const config = loadConfig({ PARLEY_DATA_DIR: dataDir, PARLEY_LOGIN_ATTEMPTS: '1000', LOG_LEVEL: 'silent', ...env });
  const clock = manualClock('2026-03-02T09:00:00Z');
  const random = seededRandom(42);
  const events = createEventBus();
  const published: AppEvent[] = [];
  events.subscribe((e) => published.push(e));
  const jobs = createJobRunner({ db: handle.db, clock, random, events, workerId: 'test', soleProcess: false });
  const mailer = smtpMailer({ timeoutMs: 3000 });
  const deps = { config, handle, db: handle.db, clock, random, events, jobs, mailer };
  defineJobs(deps);
  await relayScheduledActions(handle, events);
  const app = await buildApp(deps);
  await app.ready();

  await ensureDefaultStatuses(handle.db, 'en', clock.now());
  const users: Partial<Record<Role, number>> = {};
  for (const role of ['admin', 'manager', 'supervisor', 'agent'] as const) {
    users[role] = (await createUser(handle.db, { username: role, displayName: role, role, password: PASSWORD }, clock.now())).id;
  }
  const cookies = new Map<Role, string>();

  async function login(role: Role): Promise<string> {
    const cached = cookies.get(role);
    if (cached) return cached;
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: role, password: PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${role} failed: ${res.body}`);
    const cookie = `parley_session=${res.cookies.find((c) => c.name === 'parley_session')?.value}`;
    cookies.set(role, cookie);
    return cookie;
  }

  /** A JSON request as a role (or anonymous); returns status and parsed body. */
  async function api<T = any>(role: Role | null, method: string, url: string, payload?: unknown) {
    const headers: Record<string, string> = role ? { cookie: await login(role) } : {};
    const res = await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    let body: T;
    try {
      body = res.json();
    } catch {
      body = res.body as T;
    }
    return { status: res.statusCode, body, res };
  }

  /** Uploads a file through the real multipart endpoint. */
  async function upload(role: Role, fileName: string, content: Buffer | string) {
    const form = new FormData();
    form.append('file', new Blob([content]), fileName);
    const req = new Request('http://x/', { method: 'POST', body: form });
    const body = Buffer.from(await req.arrayBuffer());
    const res = await app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie: await login(role), 'content-type': req.headers.get('content-type') ?? '' },
      payload: body,
    });
    return { status: res.statusCode, body: res.json() };
  }

  async function close() {
    await app.close();
    mailer.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (shared === handle) {
      shared = undefined;
      await handle.close();
    }
  }

  return { app, deps, handle, db: handle.db, clock, config, jobs, events, published, users, login, api, upload, close };
}
