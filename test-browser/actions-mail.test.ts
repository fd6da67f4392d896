// Issue 5's definition of done in the browser: a manager, in the UI only, adds an SMTP account
// pointing at a real SMTP server on 127.0.0.1, writes a template and gives a process status a
// delayed "e-mail from a template" action (template picked from the list) with a success status.
// An agent sets a case to that status in the agent panel; once the harness clock is past the
// delay and the due jobs ran, the mail is at the server, and the manager sees the action done on
// the Automatic actions page and on the case card, with the case in its success status.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { emptyExits, type ProcessStatusDef } from '../src/modules/processes/types.ts';
import { startSmtpSink } from '../test/smtp-sink.ts';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let processId = 0;

const st = (key: string, name: string, qualifier: ProcessStatusDef['qualifier'], over: Partial<ProcessStatusDef> = {}): ProcessStatusDef => ({
  key,
  name,
  description: '',
  responsibleUserId: null,
  availability: 'agents',
  qualifier,
  callbackDelaySeconds: null,
  callbackAt: null,
  color: '#336699',
  initial: false,
  x: 0,
  y: 0,
  exits: emptyExits(),
  ...over,
});
const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

before(async () => {
  sink = await startSmtpSink();
  app = await startBrowserApp();
  // the process as it exists before the manager adds the e-mail action
  const p = await app.ctx.api('manager', 'POST', '/api/processes', {
    name: 'Offers by mail',
    description: '',
    kind: 'operational',
    inboundStatusKeys: [],
    statuses: [
      st('New', 'New', 'none', { initial: true }),
      st('Send_offer', 'Send the offer', 'public_callback_relative', { callbackDelaySeconds: 60, x: 300 }),
      st('Mailed', 'Offer mailed', 'success_end', { availability: 'system', x: 600 }),
    ],
  });
  assert.equal(p.status, 201, p.res.body);
  processId = p.body.process.id;
});
after(async () => {
  await app?.close();
  await sink?.close();
});

test('a delayed e-mail action configured in the UI sends its mail once the delay has passed', async () => {
  const { ctx } = app;
  const manager = await app.newPage();
  const page = manager.page;
  await login(page, 'manager');

  // ---- the manager first looks at the process: no template to pick yet ----
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Processes' }).click();
  await page.getByRole('link', { name: 'Offers by mail' }).click();
  await page.waitForURL(`**/processes/${processId}`);
  const panel = page.getByRole('complementary', { name: 'Status details' });
  await page.locator('.react-flow__node[data-id="Send_offer"]').click();
  await panel.getByRole('tab', { name: 'Exits' }).click();
  await panel.getByRole('button', { name: '+ Add action' }).click();
  await panel.getByLabel('Action', { exact: true }).selectOption('email_template');
  await panel.getByLabel('E-mail template').locator('option').first().waitFor({ state: 'attached' });
  assert.deepEqual(await panel.getByLabel('E-mail template').locator('option').allTextContents(), ['— choose —'], 'no templates yet');

  // ---- an SMTP account pointing at the test's SMTP server ----
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'E-mail' }).click();
  await page.getByRole('button', { name: '+ Add an SMTP account' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add an SMTP account' });
  await dialog.getByLabel('Name', { exact: true }).fill('Office');
  await dialog.getByLabel('Server').fill('127.0.0.1');
  await dialog.getByLabel('Port').fill(String(sink.port));
  await dialog.getByLabel('Security').selectOption('none');
  await dialog.getByLabel('From address').fill('offers@parley.example');
  await dialog.getByLabel('From name').fill('Parley Offers');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await waitForText(page.locator('table tbody tr').first(), 'Default account');

  // ---- a template ----
  await page.getByRole('tab', { name: 'Templates' }).click();
  await page.getByRole('button', { name: '+ New template' }).click();
  dialog = page.getByRole('dialog', { name: 'New template' });
  await dialog.getByLabel('Name', { exact: true }).fill('Offer');
  await dialog.getByLabel('Subject').fill('Your offer, {{contact.firstName}} {{contact.lastName}}');
  await dialog.getByLabel('Text', { exact: true }).fill('Dear {{contact.firstName}}, campaign {{case.campaign}}, status {{case.status}}.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  const [template] = await rows<{ id: number }>(ctx.db, sql`select id from mail_templates where name = 'Offer'`);
  assert.ok(template, 'the template is saved');

  // ---- the process editor: a delayed "e-mail from a template" action on "Send the offer" ----
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Processes' }).click();
  await page.getByRole('link', { name: 'Offers by mail' }).click();
  await page.waitForURL(`**/processes/${processId}`);
  await page.locator('.react-flow__node[data-id="Send_offer"]').click();
  await panel.getByRole('tab', { name: 'Exits' }).click();
  await panel.getByRole('button', { name: '+ Add action' }).click();
  await panel.getByLabel('Action', { exact: true }).selectOption('email_template');
  await panel.getByLabel('E-mail template').selectOption({ label: 'Offer' });
  await panel.getByLabel('Relative (after a delay)').check();
  await panel.getByLabel('Delay (minutes)').fill('5');
  await panel.getByLabel('Status on success').selectOption({ label: 'Offer mailed' });
  await panel.locator('.pe-action').screenshot({ path: '/tmp/parley-shots/actions-mail-01-action.png' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Process “Offers by mail” saved' }).first().waitFor();
  const saved = (await ctx.api('manager', 'GET', `/api/processes/${processId}`)).body;
  const sendOffer = saved.statuses.find((s: { key: string }) => s.key === 'Send_offer');
  assert.deepEqual(sendOffer.exits.actions, [
    { kind: 'email_template', param: String(template.id), delay: { minutes: 5, from: 'status' }, successStatusKey: 'Mailed', failureStatusKey: null },
  ]);

  // ---- a running preview campaign on the process with one contact (set up through the API) ----
  const contact = await ctx.api('manager', 'POST', '/api/contacts', {
    firstName: 'Halina',
    lastName: 'Zielińska',
    city: 'Toruń',
    phone1: '+48503222111',
    email: 'halina.z@example.pl',
  });
  assert.equal(contact.status, 201, contact.res.body);
  const c = await ctx.api('manager', 'POST', '/api/campaigns', {
    name: 'Toruń offers',
    processId,
    agentIds: [ctx.users.agent],
    mode: 'preview',
    previewSeconds: 30,
  });
  assert.equal(c.status, 201, c.res.body);
  const campaignId = c.body.id as number;
  assert.equal(
    (await ctx.api('manager', 'PATCH', `/api/campaigns/${campaignId}`, { workingHours: allWeek, localWindow: { start: '00:00', end: '24:00' } })).status,
    200,
  );
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId, filter: { city: 'Toruń' } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${campaignId}/state`, { state: 'running' })).status, 200);

  // ---- the agent sets the case to "Send the offer" in the agent panel ----
  const agent = await app.newPage();
  await login(agent.page, 'agent');
  await agent.page.waitForURL('**/agent');
  const bar = agent.page.getByRole('region', { name: 'My state' });
  await agent.page.getByRole('checkbox', { name: /Toruń offers/ }).check();
  await agent.page.getByRole('button', { name: 'Log in', exact: true }).click();
  await waitForText(bar.getByTestId('agent-state'), 'Ready');
  await agent.page.getByRole('button', { name: 'Next case', exact: true }).click();
  const caseCard = agent.page.locator('section.agent-case');
  await waitForText(caseCard.getByRole('heading', { level: 2 }), 'Halina Zielińska');
  const caseId = Number(await caseCard.getAttribute('data-case-id'));
  const result = agent.page.getByRole('form', { name: 'Result of the call' });
  assert.equal(await result.getByRole('radio', { name: 'Offer mailed', exact: true }).count(), 0, 'a system status is not offered to agents');
  await result.getByRole('radio', { name: 'Answered', exact: true }).check();
  await result.getByRole('radio', { name: 'Send the offer', exact: true }).check();
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(agent.page.getByRole('region', { name: 'Work area' }).getByRole('status'), 'Halina Zielińska saved with the status “Send the offer”');
  await agent.context.close();

  const caseRow = async () => (await rows<{ status_id: number; queue: string }>(ctx.db, sql`select status_id, queue from cases where id = ${caseId}`))[0];
  assert.equal((await caseRow()).queue, 'waiting', 'the case waits for its delayed mail');
  // the manager sees it waiting, due five minutes after the status was set
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Automatic actions' }).click();
  await page.getByRole('button', { name: 'Waiting (1)' }).click();
  const waitingRow = page.locator('table tbody tr').filter({ hasText: 'Halina Zielińska' });
  await waitForText(waitingRow, 'E-mail from a template');
  await waitForText(waitingRow, 'due ');
  await waitForText(waitingRow, 'Waiting');

  // ---- before the delay: nothing; after it: one mail ----
  ctx.clock.advance(4 * 60_000);
  await ctx.jobs.runDue();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(sink.mails.length, 0, 'nothing is sent before the delay');
  ctx.clock.advance(2 * 60_000);
  await ctx.jobs.runDue(); // the started worker may have taken it already: either way it runs once
  const [m] = await sink.waitFor(1, 15_000);
  assert.equal(m.envelopeFrom, 'offers@parley.example');
  assert.deepEqual(m.envelopeTo, ['halina.z@example.pl']);
  assert.equal(m.parsed.from?.value[0].name, 'Parley Offers');
  assert.equal(m.parsed.subject, 'Your offer, Halina Zielińska');
  assert.equal(m.parsed.text?.trim(), 'Dear Halina, campaign Toruń offers, status Send the offer.');
  const mailed = saved.statuses.find((s: { key: string }) => s.key === 'Mailed').id as number;
  const deadline = Date.now() + 10_000;
  while ((await caseRow()).status_id !== mailed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal((await caseRow()).status_id, mailed, 'the case is in its success status');

  // ---- the manager sees the action done: on the Automatic actions page and on the case card ----
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Automatic actions' }).click();
  await page.getByRole('button', { name: /^Done/ }).click();
  const doneRow = page.locator('table tbody tr').filter({ hasText: 'Halina Zielińska' });
  await waitForText(doneRow, 'sent to halina.z@example.pl');
  await waitForText(doneRow, 'Send the offer');
  await shot(page, 'actions-mail-02-done');

  await page.goto(`/campaigns/${campaignId}?tab=cases`);
  const listRow = page.locator('table tbody tr').filter({ hasText: 'Halina Zielińska' });
  await waitForText(listRow, 'Offer mailed');
  await listRow.locator('button.case-contact').click();
  const card = page.getByRole('dialog');
  await waitForText(card, 'Offer mailed');
  await waitForText(card.getByRole('table', { name: 'Automatic actions' }), 'sent to halina.z@example.pl');
  await shot(page, 'actions-mail-03-case-card');
  await card.getByRole('button', { name: 'Close' }).last().click();

  // the template the process sends cannot be deleted from under it
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'E-mail' }).click();
  await page.getByRole('tab', { name: 'Templates' }).click();
  await page.locator('table tbody tr').filter({ hasText: 'Offer' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await waitForText(
    page.getByRole('alert').filter({ hasText: 'sends this template' }),
    'The status "Send the offer" of the process "Offers by mail" sends this template',
  );
  assert.equal((await rows(ctx.db, sql`select id from mail_templates where id = ${template.id}`)).length, 1);
  await manager.context.close();

  // exactly one mail, however often the worker looked
  ctx.clock.advance(60 * 60_000);
  await ctx.jobs.runDue();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(sink.mails.length, 1);
});
