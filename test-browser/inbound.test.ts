// CB-1..CB-5 in the browser, on the real clock with the real dialer, the simulated network and
// simulated callers running in this process (as src/main.ts wires them): a manager sets a
// callback campaign's CB-3 settings in the editor and configures a queue in ticket mode on the
// Inbound queues page; a caller presses the key; the agent sees the ticket appear (pushed), calls
// back with one click, talks, hangs up, saves the result in the agent panel and closes the
// ticket. Then the queue switches to the callback campaign and the next missed caller reaches the
// agent panel by itself as a callback in preview.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { createDialer, type Dialer } from '../src/modules/dialer/dialer.ts';
import { createInboundRuntime, type InboundRuntime } from '../src/modules/inbound/runtime.ts';
import { type SimulatedInbound, simulatedInbound } from '../src/modules/telephony/simulated-inbound.ts';
import { simulatedNetwork } from '../src/modules/telephony/simulated-network.ts';
import { seededRandom } from '../src/shared/random.ts';
import { realScheduler } from '../src/shared/scheduler.ts';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
let dialer: Dialer;
let inbound: InboundRuntime;
let callers: SimulatedInbound;
let scheduler: ReturnType<typeof realScheduler>;
let callbackId: number;
let outboundId: number;
const errors: unknown[] = [];
const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
/** every call answered at once by a person who talks until the agent hangs up */
const patientNetwork = {
  outcomes: { live: 1 },
  ringLiveSeconds: { mean: 1, sd: 0.2 },
  postDialDelaySeconds: { min: 0.2, max: 0.4 },
  talkSeconds: { mean: 900, sd: 1 },
};

before(async () => {
  app = await startBrowserApp();
  const { ctx } = app;
  ctx.clock.now = () => new Date();
  const log = { warn: () => {}, error: (obj: unknown) => errors.push(obj) };
  scheduler = realScheduler(ctx.clock, (err) => errors.push(err));
  dialer = createDialer({
    db: ctx.db,
    events: ctx.events,
    jobs: ctx.jobs,
    scheduler,
    telephony: simulatedNetwork({ scheduler, seed: 21 }),
    random: seededRandom(22),
    log,
    processId: 'browser-test',
    leaseMinutes: 60,
    soleProcess: true,
  });
  callers = simulatedInbound({ scheduler, seed: 23 });
  inbound = createInboundRuntime({
    db: ctx.db,
    events: ctx.events,
    scheduler,
    telephony: callers,
    arrivals: callers,
    random: seededRandom(24),
    log,
    leaseMinutes: 60,
    serialize: dialer.run,
    readyFromDialer: true,
    leading: dialer.leading,
    tickMs: 500,
  });
  dialer.setBeforeOutbound(inbound.agentReady);
  await dialer.start();
  await inbound.start();
  const out = await ctx.api('admin', 'POST', '/api/campaigns', { name: 'Infolinia sprzedaż', agentIds: [ctx.users.agent], workingHours: allWeek });
  assert.equal(out.status, 201, JSON.stringify(out.body));
  outboundId = out.body.id;
  assert.equal((await ctx.api('admin', 'POST', `/api/campaigns/${outboundId}/state`, { state: 'running' })).status, 200);
  const cb = await ctx.api('admin', 'POST', '/api/campaigns', {
    name: 'Oddzwonienia',
    type: 'callback',
    previewSeconds: 600,
    wrapUpSeconds: 300,
    workingHours: allWeek,
    localWindow: { start: '00:00', end: '24:00' },
    networkProfile: patientNetwork,
  });
  assert.equal(cb.status, 201, JSON.stringify(cb.body));
  callbackId = cb.body.id;
  assert.equal((await ctx.api('admin', 'POST', `/api/campaigns/${callbackId}/state`, { state: 'running' })).status, 200);
});

after(async () => {
  await inbound?.stop();
  await dialer?.stop();
  callers?.stop();
  scheduler?.stop();
  await app?.close();
  assert.deepEqual(errors, [], 'the dialer and the inbound runtime ran without errors');
});

test('manager: CB-3 settings in the editor of a callback campaign; a queue in ticket mode on the Inbound queues page', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.goto(`/campaigns/${callbackId}`);
  const settings = page.getByRole('tabpanel');
  const section = settings.getByRole('region', { name: 'Callbacks' });
  await section.getByLabel('Call back after (s)').fill('0');
  await section.getByLabel('Agents making callbacks (%)').fill('100');
  await section.getByLabel('Order').selectOption('newest');
  await section.getByLabel('Priority').selectOption('agents_free');
  await section.getByLabel('Numbers never to call back').fill('600 000 999\nabc');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(section.getByRole('alert'), /./);
  await section.getByLabel('Numbers never to call back').fill('600 000 999');
  await section.getByLabel('Priority').selectOption('always');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const until = Date.now() + 10_000;
  let saved: Record<string, unknown> | null = null;
  while (Date.now() < until) {
    const [c] = await rows<{ callback_settings: Record<string, unknown> | null }>(
      app.ctx.db,
      sql`select callback_settings from campaigns where id = ${callbackId}`,
    );
    if (c.callback_settings && (c.callback_settings.neverCallNumbers as string[]).length) {
      saved = c.callback_settings;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(saved?.neverCallNumbers, ['+48600000999'], 'stored as E.164');
  assert.equal(saved?.order, 'newest');
  assert.equal(saved?.agentSharePercent, 100);
  await shot(page, 'inbound-01-callback-settings');

  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Inbound queues' }).click();
  await page.getByRole('heading', { name: 'Inbound queues', level: 1 }).waitFor();
  await page.getByRole('button', { name: '+ New queue' }).click();
  const dialog = page.getByRole('dialog', { name: 'New queue' });
  await dialog.getByLabel('Name').fill('Infolinia');
  await dialog.getByLabel('Number', { exact: true }).fill('22 100 00 00');
  await dialog.getByLabel('Missed calls').selectOption('ticket');
  await dialog.getByLabel('Callback campaign').selectOption(String(callbackId));
  await dialog.getByLabel('Ticket subject').fill('Nieodebrane połączenie z numeru %number%');
  await dialog.getByLabel('Key ordering a callback').selectOption('5');
  await dialog.getByRole('checkbox', { name: 'agent', exact: true }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  const row = page.getByRole('row', { name: /Infolinia/ });
  await waitForText(row, '+48221000000');
  await waitForText(row, 'Ticket');
  await shot(page, 'inbound-02-queues');
  await context.close();
});

test('agent: a missed call becomes a ticket (pushed), called back with one click, saved in the panel, closed; then a callback arrives in preview', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'agent');
  await page.waitForURL('**/agent');
  const bar = page.getByRole('region', { name: 'My state' });
  const state = bar.getByTestId('agent-state');
  await page.getByRole('checkbox', { name: /Infolinia sprzedaż/ }).check();
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await waitForText(state, 'Ready');
  await bar.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitForText(state, 'Paused');

  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Tickets' }).click();
  await page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
  await waitForText(page.getByRole('main'), 'No open ticket.');
  await inbound.reload();
  callers.ring('+48221000000', '+48600123456', { patienceSeconds: 60, keyAfterSeconds: 0.5, digit: '5', talkSeconds: 60 });
  const ticketRow = page.getByRole('row', { name: /Nieodebrane połączenie z numeru \+48600123456/ });
  await ticketRow.waitFor();
  await shot(page, 'inbound-03-ticket');
  await ticketRow.getByRole('button', { name: 'Call back +48600123456' }).click();
  await page.waitForURL('**/agent');
  await waitForText(state, 'On a call');
  const caseCard = page.locator('section.agent-case');
  const call = caseCard.getByTestId('agent-call');
  await call.getByRole('button', { name: 'Hang up', exact: true }).click();
  await waitForText(state, 'Wrap-up');
  const result = page.getByRole('form', { name: 'Result of the call' });
  await result.getByRole('radio', { name: 'Do not call', exact: true }).check();
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(state, 'Ready');
  await bar.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitForText(state, 'Paused');

  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Tickets' }).click();
  await ticketRow.getByRole('button', { name: 'Close the ticket of +48600123456' }).click();
  await waitForText(page.getByRole('main'), 'No open ticket.');
  const [ticket] = await rows<{ state: string; case_id: string | null }>(app.ctx.db, sql`select state, case_id from tickets`);
  assert.equal(ticket.state, 'closed');
  const [attempt] = await rows<{ connected: boolean; agent_id: number }>(
    app.ctx.db,
    sql`select connected, agent_id from attempts where case_id = ${ticket.case_id}`,
  );
  assert.deepEqual(attempt, { connected: true, agent_id: app.ctx.users.agent }, 'the call back was dialed, answered and saved by the agent');

  // the queue now hands missed callers to the callback campaign: the next one reaches the panel by itself
  const [q] = await rows<{ id: number }>(app.ctx.db, sql`select id from inbound_queues`);
  assert.equal((await app.ctx.api('admin', 'PATCH', `/api/inbound/queues/${q.id}`, { callbackMode: 'campaign' })).status, 200);
  await inbound.reload();
  callers.ring('+48221000000', '+48600654321', { patienceSeconds: 60, keyAfterSeconds: 0.5, digit: '5', talkSeconds: 60 });
  await new Promise((r) => setTimeout(r, 1500));
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'My work' }).click();
  await bar.getByRole('button', { name: 'Ready', exact: true }).click();
  await waitForText(state, 'Preview');
  await waitForText(caseCard, /600\s?654\s?321/);
  await shot(page, 'inbound-04-callback-preview');
  await caseCard.getByRole('button', { name: /Call now/ }).click();
  await waitForText(state, 'On a call');
  await call.getByRole('button', { name: 'Hang up', exact: true }).click();
  await waitForText(state, 'Wrap-up');
  await result.getByRole('radio', { name: 'Do not call', exact: true }).check();
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(state, /Ready|Paused/);
  const [k] = await rows<{ released_at: Date | null; closed_reason: string | null }>(
    app.ctx.db,
    sql`select k.released_at, k.closed_reason from cases k join callback_requests r on r.case_id = k.id where r.phone = '+48600654321'`,
  );
  assert.ok(k.released_at, 'the callback was worked and finished');
  await context.close();
});
