// Every durable job kind, registered once at the composition root (and by the test harness).
import type { AppDeps } from './app.ts';
import { assignJob } from './modules/assignments/assign-contacts.ts';
import { importJob } from './modules/imports/run-import.ts';
import { callbackDueJob } from './modules/agents/callback-due.ts';
import { dbActionHandlers, outsideActionHandlers } from './modules/actions/handlers/index.ts';
import { actionJob } from './modules/actions/run-action.ts';
import { mailActionHandlers } from './modules/mail/actions.ts';
import { reportJob } from './modules/reports/send-report.ts';

export function defineJobs(deps: AppDeps) {
  deps.jobs.define(importJob({ db: deps.db, handle: deps.handle, clock: deps.clock, defaultCountry: deps.config.defaultCountry }));
  deps.jobs.define(assignJob({ db: deps.db, clock: deps.clock, events: deps.events }));
  deps.jobs.define(callbackDueJob({ db: deps.db, events: deps.events }));
  // AC-1: outside-effect handlers by kind and the mail module's
  const { db, clock, events, jobs } = deps;
  deps.jobs.define(actionJob({ db, clock, events, jobs, handlers: { ...outsideActionHandlers(deps), ...mailActionHandlers({ mailer: deps.mailer }) }, dbHandlers: dbActionHandlers }));
  deps.jobs.define(reportJob(deps));
}
