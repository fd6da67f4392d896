// Composition root: config → db → migrate → telephony → jobs → app → listen → dialer. The only place that wires things.
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from './app.ts';
import { eventForwarder, joinCluster } from './cluster.ts';
import { relayScheduledActions } from './modules/actions/scheduled-events.ts';
import { ensureAdmin } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { seedDemo } from './demo.ts';
import { ensureDefaultStatuses } from './modules/statuses/repo.ts';
import { defineJobs } from './jobs.ts';
import { createJobRunner } from './modules/jobs/runner.ts';
import { systemClock } from './shared/clock.ts';
import { createEventBus } from './shared/events.ts';
import { systemRandom } from './shared/random.ts';
import { realScheduler } from './shared/scheduler.ts';
import { createDialer } from './modules/dialer/dialer.ts';
import { runRobots } from './modules/dialer/robots.ts';
import { receiveInboundMail } from './modules/mail/inbound.ts';
import { smtpMailer } from './modules/mail/mailer.ts';
import { startInboundSmtp } from './modules/mail/smtp-listener.ts';
import { enqueueAllSchedules } from './modules/reports/send-report.ts';
import { simulatedNetwork } from './modules/telephony/simulated-network.ts';
import { simulatedInbound } from './modules/telephony/simulated-inbound.ts';
import { createInboundRuntime } from './modules/inbound/runtime.ts';

const config = loadConfig();
const log = pino({ level: config.logLevel });
const handle = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
await migrate(handle);

const clock = systemClock;
const random = systemRandom;
const processId = `${os.hostname()}:${process.pid}`;
const events = createEventBus(eventForwarder(handle, processId, (err) => log.warn({ err }, 'event forward failed')));
const jobs = createJobRunner({ db: handle.db, clock, random, events, log, workerId: processId, soleProcess: handle.kind === 'pglite' });
const scheduler = realScheduler(clock, (err) => log.error({ err }, 'timer task failed'));
const telephony = simulatedNetwork({ scheduler, seed: Math.floor(random.next() * 2 ** 31) });
const dialer = createDialer({
  db: handle.db,
  events,
  jobs,
  scheduler,
  telephony,
  random,
  log,
  processId,
  leaseMinutes: config.caseLeaseMinutes,
  soleProcess: handle.kind === 'pglite',
});
// inbound queues on the simulated network; agent states change only in the dialer's task chain (blending)
const inboundNetwork = simulatedInbound({ scheduler, seed: Math.floor(random.next() * 2 ** 31) });
const inbound = createInboundRuntime({
  db: handle.db,
  events,
  scheduler,
  telephony: inboundNetwork,
  arrivals: inboundNetwork,
  random,
  log,
  leaseMinutes: config.caseLeaseMinutes,
  serialize: dialer.run,
  readyFromDialer: true,
  leading: dialer.leading,
});
dialer.setBeforeOutbound(inbound.agentReady);
const mailer = smtpMailer();
const deps = { config, handle, db: handle.db, clock, random, events, jobs, dialer, telephony, scheduler, mailer };
defineJobs(deps);

const admin = await ensureAdmin(handle.db, { username: config.admin.username, password: config.admin.password, now: clock.now(), random });
await ensureDefaultStatuses(handle.db, config.language, clock.now());
if (admin && config.demoData) await seedDemo(deps);

await joinCluster(handle, processId, events, jobs);
await relayScheduledActions(handle, events); // AC-1: actions.changed when a status change schedules actions
const app = await buildApp(deps, { logger: log });
await app.listen({ port: config.port, host: config.host });
await jobs.start();
await enqueueAllSchedules(deps); // PR-6: each schedule's next slot (deduplicated)
await dialer.start();
const inboundSmtp =
  config.smtpInboundPort === undefined
    ? undefined
    : await startInboundSmtp({
        port: config.smtpInboundPort,
        host: config.host,
        maxBytes: config.smtpInboundMaxBytes,
        receive: (mail) => receiveInboundMail({ db: handle.db, events }, mail, clock.now()),
        log,
      });
await inbound.start();
const robots = runRobots({
  work: { db: handle.db, events, jobs, leaseMinutes: config.caseLeaseMinutes },
  events,
  scheduler,
  random,
  dial: (agentId) => events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'dial', agentId } }),
  log,
});

const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${(app.server.address() as { port: number }).port}`;
console.log(`\nParley is running: open ${url}`);
if (inboundSmtp) console.log(`Inbound e-mail (SMTP) on ${config.host}:${inboundSmtp.port}`);
console.log(`Database: ${handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
if (admin?.generated) console.log(`First start: sign in as "${admin.username}" with password "${admin.password}" (shown once; change it in the app)`);
else if (admin) console.log(`First start: sign in as "${admin.username}" with the password from PARLEY_ADMIN_PASSWORD`);
if (admin && config.demoData)
  console.log('Demo data loaded: contacts, an import group, campaigns, an inbound queue with callbacks and users manager/supervisor/agent (password "parley-demo")');

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    robots.stop();
    await inboundSmtp?.close();
    await inbound.stop();
    await dialer.stop();
    scheduler.stop();
    await app.close();
    await jobs.stop();
    mailer.close();
    await handle.close();
    process.exit(0);
  });
}
