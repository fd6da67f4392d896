// AG-3, DL-1..DL-3 in the browser, on the real clock with the real dialer, the simulated network
// and robot agents running in this process (as src/main.ts wires them; the test harness alone
// has no dialer): a manager switches robots on for a predictive campaign from the wallboard and
// watches dials rise and agents talk and wrap up without reloading; an agent clicks "Call now" in
// a preview campaign and goes through ringing, talking (hang up) and wrap-up with its countdown;
// an agent logged in only to the predictive campaign has no "next case" and is brought a call;
// the campaign's Dialer settings show the server's error for a bad network profile; robots
// switched off leave (the ones on a call after saving it).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import type { AppDeps } from '../src/app.ts';
import { createDialer, type Dialer } from '../src/modules/dialer/dialer.ts';
import { runRobots } from '../src/modules/dialer/robots.ts';
import { simulatedNetwork } from '../src/modules/telephony/simulated-network.ts';
import { seededRandom } from '../src/shared/random.ts';
import { realScheduler } from '../src/shared/scheduler.ts';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
let dialer: Dialer;
let robots: ReturnType<typeof runRobots>;
let scheduler: ReturnType<typeof realScheduler>;
let predictiveId: number;
let previewId: number;
const errors: unknown[] = [];

const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
/** quick customers: a conversation of a few seconds, a short wrap-up for the robots */
const quickNetwork = {
  outcomes: { live: 0.7, busy: 0.15, noAnswer: 0.15 },
  ringLiveSeconds: { mean: 1.5, sd: 0.5 },
  postDialDelaySeconds: { min: 0.3, max: 0.8 },
  talkSeconds: { mean: 5, sd: 1.5 },
  wrapSeconds: { mean: 3, sd: 1 },
  noAnswerTimeoutSeconds: 4,
};
/** every call answered at once by a person who talks until the agent hangs up */
const patientNetwork = {
  outcomes: { live: 1 },
  ringLiveSeconds: { mean: 1, sd: 0.2 },
  postDialDelaySeconds: { min: 0.2, max: 0.4 },
  talkSeconds: { mean: 900, sd: 1 },
};

async function createCampaign(name: string, body: Record<string, unknown>, contacts: number, phonePrefix: number) {
  const { api, db, users } = app.ctx;
  const c = await api('admin', 'POST', '/api/campaigns', { name, agentIds: [users.agent], ...body });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const id = c.body.id as number;
  const open = await api('admin', 'PATCH', `/api/campaigns/${id}`, { workingHours: allWeek, localWindow: { start: '00:00', end: '24:00' } });
  assert.equal(open.status, 200, JSON.stringify(open.body));
  // contacts straight into the table (the import and the contacts API have their own tests)
  await db.execute(sql`insert into contacts (name, phone1, phone1_raw, city, source, created_at, updated_at)
    select ${name} || ' ' || g, '+48' || (${phonePrefix}::bigint + g)::text, '+48' || (${phonePrefix}::bigint + g)::text, 'Kraków', 'import', now(), now()
    from generate_series(1, ${contacts}) g`);
  const assigned = await api('admin', 'POST', '/api/assignments', { campaignId: id, filter: { name } });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  assert.equal(assigned.body.added, contacts, JSON.stringify(assigned.body));
  const run = await api('admin', 'POST', `/api/campaigns/${id}/state`, { state: 'running' });
  assert.equal(run.status, 200, JSON.stringify(run.body));
  return id;
}

before(async () => {
  app = await startBrowserApp();
  const { ctx } = app;
  // the real clock, like src/main.ts: the dialer's timers and the API see the same time
  ctx.clock.now = () => new Date();
  const log = { warn: () => {}, error: (obj: unknown) => errors.push(obj) };
  scheduler = realScheduler(ctx.clock, (err) => errors.push(err));
  dialer = createDialer({
    db: ctx.db,
    events: ctx.events,
    jobs: ctx.jobs,
    scheduler,
    telephony: simulatedNetwork({ scheduler, seed: 11 }),
    random: seededRandom(12),
    log,
    processId: 'browser-test',
    leaseMinutes: 60,
    soleProcess: true,
  });
  // the wallboard shows the pacer's estimates of the process running the dialer
  (ctx.deps as AppDeps).dialer = dialer;
  await dialer.start();
  robots = runRobots({
    work: { db: ctx.db, events: ctx.events, jobs: ctx.jobs, leaseMinutes: 60 },
    events: ctx.events,
    scheduler,
    random: seededRandom(13),
    dial: (agentId) => ctx.events.publish({ type: 'dialer.command', userId: null, internal: true, command: { kind: 'dial', agentId } }),
    log,
  });

  predictiveId = await createCampaign(
    'Predykcja wallboard',
    { mode: 'predictive', pickupRate: 50, networkProfile: quickNetwork, abandonCapPercent: 3, abandonWindow: '24h', maxLinesPerAgent: 3 },
    400,
    600_100_000,
  );
  previewId = await createCampaign(
    'Podgląd z dialerem',
    { mode: 'preview', previewSeconds: 300, networkProfile: patientNetwork, wrapUpSeconds: 120 },
    5,
    600_200_000,
  );
});

after(async () => {
  robots?.stop();
  await dialer?.stop();
  scheduler?.stop();
  await app?.close();
  assert.deepEqual(errors, [], 'the dialer and the robots ran without errors');
});

const numberIn = async (l: Locator) => Number(((await l.textContent()) ?? '').replace(/\D/g, '') || '0');

/** Polls until `check` passes (the page updates by itself: nothing here reloads). */
async function until(what: string, check: () => Promise<boolean>, timeout = 25_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

const notReloaded = async (page: Page) => assert.equal(await page.evaluate('globalThis.parleyMarker'), 42, 'the page was not reloaded');

test('wallboard: robots switched on from the card; dials rise and agents talk and wrap up, live', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Wallboard' }).click();
  await page.waitForURL('**/wallboard');
  await page.getByRole('heading', { level: 1, name: 'Wallboard' }).waitFor();
  await page.evaluate('globalThis.parleyMarker = 42');

  const card = page.locator(`section.wb-campaign[data-campaign-id="${predictiveId}"]`);
  await waitForText(card.getByRole('heading', { level: 3 }), `${predictiveId} · Predykcja wallboard`);
  await waitForText(card, 'Predictive');
  assert.equal(await numberIn(card.getByTestId('wb-dials')), 0, 'nothing dialed before any agent is ready');
  // the configured window is the highlighted one
  await waitForText(card.locator('tr.wb-window-applies'), 'Last 24 hours');
  await waitForText(card, 'Abandon rate against the cap of 3%');
  await waitForText(page.locator('section.wb-agents-card'), 'No agent is logged in.');
  await shot(page, 'wallboard-01-idle');

  // ---- robots on, from the card ----
  const robotsInput = card.getByLabel(`Robot agents of campaign ${predictiveId}`);
  assert.equal(await robotsInput.inputValue(), '0');
  await robotsInput.fill('5');
  await card.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Robot agents in “Predykcja wallboard”: 5' }).waitFor();

  const tiles = page.getByTestId('wb-agent');
  await until('five robot tiles', async () => (await tiles.count()) === 5);
  await waitForText(tiles.first(), 'robot');
  await waitForText(card.getByTestId('wb-logged-in'), '5');

  // dials rise, agents talk and wrap up — all pushed, no reload
  await until('the first dials', async () => (await numberIn(card.getByTestId('wb-dials'))) > 0);
  const firstDials = await numberIn(card.getByTestId('wb-dials'));
  await until('an agent talking', async () => (await page.locator('[data-testid="wb-agent"][data-state="talking"]').count()) > 0);
  await waitForText(page.locator('[data-testid="wb-agent"][data-state="talking"]').first(), 'On a call');
  await until('an agent in wrap-up', async () => (await page.locator('[data-testid="wb-agent"][data-state="wrap_up"]').count()) > 0);
  await until('more dials', async () => (await numberIn(card.getByTestId('wb-dials'))) > firstDials);
  await until('connects', async () => (await numberIn(card.getByTestId('wb-connects'))) > 0);
  // the chart of the day has bars; the time in state ticks in the browser
  await until('bars in the chart', async () => (await card.locator('svg[data-testid="wb-chart"] rect.wb-bar-dials').count()) > 0);
  await waitForText(card.locator('.wb-legend'), 'Dials');
  const timer = tiles.first().getByRole('timer');
  const before = await timer.textContent();
  await until('the time in state ticks', async () => (await timer.textContent()) !== before, 5000);
  await notReloaded(page);
  await shot(page, 'wallboard-02-live');
  // the per-state counts of the grid and of the campaign
  await waitForText(page.getByTestId('wb-state-counts'), /On a call|Wrap-up|Ready/);
  await waitForText(card.getByTestId('wb-agent-counts'), 'Logged in 5');

  await context.close();
});

test('agent panel: "Call now" in preview rings, talks, hangs up and wraps up with a countdown', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'agent');
  await page.waitForURL('**/agent');
  const bar = page.getByRole('region', { name: 'My state' });
  const state = bar.getByTestId('agent-state');
  await page.getByRole('checkbox', { name: /Podgląd z dialerem/ }).check();
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await waitForText(state, 'Ready');
  // a preview campaign: "next case" is there
  await page.getByRole('button', { name: 'Next case', exact: true }).click();
  await waitForText(state, 'Preview');
  const caseCard = page.locator('section.agent-case');
  await waitForText(caseCard.getByRole('heading', { level: 2 }), 'Podgląd z dialerem');
  // the before-call-work countdown runs from when the preview began
  await waitForText(caseCard.getByRole('timer', { name: 'Before-call work time left' }), /^[45]:\d\d$/);
  await waitForText(caseCard.getByTestId('agent-preview'), 'dialed automatically');

  await caseCard.getByRole('button', { name: /Call now/ }).click();
  // ringing (short) then talking: the case stays, with "Hang up"
  await waitForText(state, /Dialing|On a call/);
  await waitForText(state, 'On a call');
  const call = caseCard.getByTestId('agent-call');
  await waitForText(call, /On the call for \d+:\d\d/);
  assert.equal(await caseCard.getByTestId('agent-preview').count(), 0, 'no before-call countdown on the call');
  // pause, log out and give back are refused by the server on a call: disabled here
  assert.equal(await bar.getByRole('button', { name: 'Pause', exact: true }).isDisabled(), true);
  assert.equal(await bar.getByRole('button', { name: 'Log out', exact: true }).isDisabled(), true);
  assert.equal(await caseCard.getByRole('button', { name: 'Give back', exact: true }).isDisabled(), true);
  await shot(page, 'agent-call-01-talking');

  await call.getByRole('button', { name: 'Hang up', exact: true }).click();
  await waitForText(state, 'Wrap-up');
  await waitForText(call, 'Wrap-up: save the result of the call');
  // the campaign's wrap-up limit (120 s) counts down
  await waitForText(call.getByRole('timer', { name: 'Wrap-up time left' }), /^(2:00|1:[0-5]\d)$/);
  await shot(page, 'agent-call-02-wrap-up');

  const result = page.getByRole('form', { name: 'Result of the call' });
  assert.equal(await result.getByRole('group', { name: 'Call outcome' }).count(), 0, 'the dialer knows the outcome of a connected call');
  await result.getByRole('radio', { name: 'Do not call', exact: true }).check();
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(state, 'Ready');
  await waitForText(page.getByRole('region', { name: 'Work area' }), 'saved with the status “Do not call”');
  await context.close();
});

test('agent panel: logged in only to a predictive campaign, no "next case"; the dialer brings a call', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'agent');
  await page.waitForURL('**/agent');
  const bar = page.getByRole('region', { name: 'My state' });
  const state = bar.getByTestId('agent-state');
  // the agent logged out of the preview campaign at the end of the previous test? log in afresh
  if ((await state.textContent())?.includes('Logged out')) {
    await page.getByRole('checkbox', { name: /Predykcja wallboard/ }).check();
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
  } else {
    await bar.getByRole('button', { name: 'Change campaigns' }).click();
    await page.getByRole('checkbox', { name: /Podgląd z dialerem/ }).uncheck();
    await page.getByRole('checkbox', { name: /Predykcja wallboard/ }).check();
    await page.getByRole('button', { name: 'Save campaigns', exact: true }).click();
  }
  await waitForText(bar, 'Predykcja wallboard');
  // the bar can show the campaign's name (its checkbox) before the save lands: wait for the panel to follow
  await until('no "next case" in a dialer campaign', async () => (await page.getByRole('button', { name: 'Next case', exact: true }).count()) === 0, 10_000);
  // ready and waiting, then the dialer connects a customer: the case shows while talking
  const caseCard = page.locator('section.agent-case');
  await until('a call or the waiting notice', async () => (await page.getByTestId('agent-waiting').count()) > 0 || (await caseCard.count()) > 0);
  await waitForText(state, 'On a call', 30_000);
  await waitForText(caseCard.getByRole('heading', { level: 2 }), 'Predykcja wallboard');
  await waitForText(caseCard.getByTestId('agent-call'), 'On the call for');
  await shot(page, 'agent-call-03-predictive');
  // saving during the call hangs up and makes the agent ready for the next one
  const result = page.getByRole('form', { name: 'Result of the call' });
  await result.getByRole('radio', { name: 'Do not call', exact: true }).check();
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await until('saved', async () => (await page.getByRole('status').filter({ hasText: 'saved with the status “Do not call”' }).count()) > 0);
  // the customer may be connected again at once; either way the agent may log out only when not on a call
  await until('ready, or the next call', async () => /Ready|On a call|Dialing/.test((await state.textContent()) ?? ''));
  await context.close();
});

test('campaign settings: the Dialer section saves, and a bad network profile shows the server’s error', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.goto(`/campaigns/${previewId}`);
  const section = page.getByRole('region', { name: 'Dialer' });
  await section.waitFor();
  const profile = section.getByLabel('Simulated network (JSON)');
  assert.deepEqual(JSON.parse(await profile.inputValue()), patientNetwork);
  assert.equal(await section.getByLabel('Wrap-up limit').inputValue(), '120');
  // not JSON: said at once, nothing to save
  await profile.fill('{"outcomes": ');
  await waitForText(section, 'Not valid JSON, not saved');
  // JSON the server refuses: its message under the field
  await profile.fill('{"outcomes": {"human": 1}}');
  await section.getByLabel('Abandon-rate cap').fill('2.5');
  await section.getByLabel('Ring for').fill('20');
  // AMD: on by default; a detected machine goes to an agent, with the vendor's false-positive rate
  const amd = section.getByLabel('Answering-machine detection (AMD)');
  assert.equal(await amd.isChecked(), true);
  await section.getByLabel('A detected machine').selectOption('connect');
  await section.getByLabel('AMD false positives').fill('1.5');
  const saveBar = page.locator('.save-bar');
  await saveBar.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(section.locator('.field-invalid'), 'outcomes take live, machine, busy, invalid, noAnswer');
  await profile.fill('{"outcomes": {"live": 1, "busy": 1}}');
  await saveBar.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Campaign “Podgląd z dialerem” saved' }).waitFor();
  const saved = await app.ctx.api('admin', 'GET', `/api/campaigns/${previewId}`);
  assert.deepEqual(saved.body.networkProfile, { outcomes: { live: 1, busy: 1 } });
  assert.equal(saved.body.abandonCapPercent, 2.5);
  assert.equal(saved.body.ringTimeoutSeconds, 20);
  assert.equal(saved.body.amdMachineAction, 'connect');
  assert.equal(saved.body.amdFalsePositivePercent, 1.5);
  // switched off, the machine settings are hidden (every answer goes to an agent)
  await amd.uncheck();
  assert.equal(await section.getByLabel('A detected machine').count(), 0);
  await saveBar.getByRole('button', { name: 'Save', exact: true }).click();
  await until('AMD saved off', async () => (await app.ctx.api('admin', 'GET', `/api/campaigns/${previewId}`)).body.amdEnabled === false);
  await shot(page, 'campaign-dialer-settings');
  await context.close();
});

// Last: robots of this campaign are still working for the tests above.
test('wallboard: robots switched off leave, also the ones that were on a call', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.goto('/wallboard');
  const card = page.locator(`section.wb-campaign[data-campaign-id="${predictiveId}"]`);
  const robotsInput = card.getByLabel(`Robot agents of campaign ${predictiveId}`);
  await until('the robots are counted', async () => (await robotsInput.inputValue()) !== '0');
  await robotsInput.fill('0');
  await card.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Robot agents in “Predykcja wallboard”: 0' }).waitFor();
  // a robot on a call finishes it (talk ≈ 5 s, wrap-up ≈ 3 s) and then leaves
  await until('no robot left', async () => (await page.locator('[data-testid="wb-agent"] .wb-robot').count()) === 0, 30_000);
  await context.close();
});
