// AC-1 notification in the browser: a manager gives a process status a notification action in
// the graph editor (the user picked from a list), a case gets that status, and the notified
// supervisor's bell counts it and shows it without a reload (pushed over the WebSocket). The
// failed-actions page shows a failure with its reason and retries it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/query.ts';
import { type BrowserApp, login, SHOTS, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp();
});
after(() => app?.close());

test('a notification action defined in the process editor reaches the notified user live', async () => {
  const { ctx } = app;
  const manager = await app.newPage();
  const page = manager.page;
  await login(page, 'manager');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Processes' }).click();
  await page.getByRole('button', { name: '+ New process' }).click();
  await page.waitForURL('**/processes/new');
  await page.getByLabel('Process name').fill('Oferty');
  const panel = page.getByRole('complementary', { name: 'Status details' });
  const addStatus = page.getByRole('button', { name: '+ Add status' });
  await addStatus.click();
  await panel.getByLabel('Status name').fill('Nowy');
  await addStatus.click();
  await panel.getByLabel('Status name').fill('Oferta wysłana');
  await panel.getByLabel('Qualifier').selectOption('ending');
  await panel.getByRole('tab', { name: 'Exits' }).click();
  await panel.getByRole('button', { name: '+ Add action' }).click();
  await panel.getByLabel('Action', { exact: true }).selectOption('notification');
  // until a user is chosen the linter shows the action as an error on the graph
  const findings = page.getByTestId('findings');
  await waitForText(findings, '“Oferta wysłana”: the action “Notification” has no parameter');
  // the parameter is a picker of users, not an id to type
  await panel.getByLabel('User to notify').selectOption({ label: 'supervisor (supervisor)' });
  await page.waitForFunction(`!document.querySelector('[data-testid="findings"]')?.textContent?.includes('has no parameter')`);
  await panel.locator('.pe-action').screenshot({ path: `${SHOTS}/actions-01-notification-action.png` });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/processes\/\d+$/);
  const processId = Number(new URL(page.url()).pathname.split('/').pop());
  const saved = (await ctx.api('manager', 'GET', `/api/processes/${processId}`)).body;
  const offer = saved.statuses.find((s: { name: string }) => s.name === 'Oferta wysłana');
  assert.deepEqual(offer.exits.actions, [
    { kind: 'notification', param: String(ctx.users.supervisor), delay: null, successStatusKey: null, failureStatusKey: null },
  ]);

  // the supervisor is signed in, with nothing unread
  const sup = await app.newPage();
  await login(sup.page, 'supervisor');
  const bell = sup.page.getByRole('button', { name: /^Notifications: \d+ unread$/ });
  await bell.waitFor();
  assert.equal(await sup.page.getByTestId('notification-count').count(), 0);

  // a case gets the status (a manager's group action on the campaign)
  assert.equal(
    (await ctx.api('manager', 'POST', '/api/contacts', { firstName: 'Anna', lastName: 'Nowak', city: 'Bellville', phone1: '+48501222333' })).status,
    201,
  );
  const campaign = (await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Oferty', processId })).body;
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: campaign.id, filter: { city: 'Bellville' } })).status, 200);
  const [k] = await rows<{ id: string }>(ctx.db, sql`select id from cases where campaign_id = ${campaign.id}`);
  const set = await ctx.api('manager', 'POST', `/api/campaigns/${campaign.id}/cases/actions`, {
    caseIds: [Number(k.id)],
    action: { kind: 'set_status', statusId: offer.id },
  });
  assert.equal(set.status, 200, set.res.body);

  // no reload: the bell counts it, and opening it shows the text
  await waitForText(sup.page.getByTestId('notification-count'), '1');
  await bell.click();
  const list = sup.page.getByRole('region', { name: 'Notifications' });
  await waitForText(list, 'Anna Nowak: Oferta wysłana (Oferty)');
  await shot(sup.page, 'actions-02-bell');
  await list.getByRole('button', { name: 'Mark all read' }).click();
  await sup.page.getByTestId('notification-count').waitFor({ state: 'detached' });
  await sup.context.close();

  // the manager's actions page: the done action under "Done"; a failure with its reason, retried
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Automatic actions' }).click();
  await page.getByRole('button', { name: /^Done/ }).click();
  await waitForText(page.locator('table tbody'), 'notified supervisor');
  // the action's parameter is shown as the user's name, not as the raw user id
  assert.equal(await page.locator('table tbody tr').first().locator('div.action-reason').textContent(), 'supervisor');
  await ctx.db.execute(sql`update users set active = false where id = ${ctx.users.supervisor}`);
  await ctx.api('manager', 'POST', `/api/campaigns/${campaign.id}/cases/actions`, {
    caseIds: [Number(k.id)],
    action: { kind: 'set_status', statusId: offer.id },
  });
  await page.getByRole('button', { name: /^Failed/ }).click();
  await waitForText(page.locator('table tbody'), 'User supervisor is deactivated');
  await shot(page, 'actions-03-failed');
  await ctx.db.execute(sql`update users set active = true where id = ${ctx.users.supervisor}`);
  await page.getByRole('button', { name: /^Retry action \d+$/ }).click();
  await page.getByText('No actions here.').waitFor();
  const states = await rows<{ state: string }>(ctx.db, sql`select state from case_actions where case_id = ${k.id} order by id`);
  assert.deepEqual(
    states.map((s) => s.state),
    ['done', 'done'],
  );

  // the case card lists the actions its statuses ran
  await page.goto(`/campaigns/${campaign.id}?tab=cases`);
  await page.locator('button.case-contact').first().click();
  const card = page.getByRole('dialog');
  const actions = card.getByRole('table', { name: 'Automatic actions' });
  await waitForText(actions, 'notified supervisor');
  assert.equal(await actions.locator('tbody tr').count(), 2);
  assert.equal(await actions.locator('tbody tr').first().locator('div.action-reason').textContent(), 'supervisor');
  // the contact's timeline names what happened and the campaign, not "status · 10000"
  const timeline = card.locator('ol.timeline');
  await waitForText(timeline, 'Status set: Oferta wysłana · Oferty');
  assert.doesNotMatch((await timeline.textContent()) ?? '', new RegExp(`status|${campaign.id}`));
  await manager.context.close();
});

test('integrations: an administrator sets the SMS gateway and the webhook secret; secrets are never shown back', async () => {
  const { page, context } = await app.newPage();
  await login(page, 'admin');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Integrations' }).click();
  const smsForm = page.getByRole('form', { name: 'SMS gateway' });
  await smsForm.getByLabel('URL').fill('https://sms.example/send');
  await smsForm.getByLabel('Authorization header', { exact: true }).fill('Bearer sms-token-123');
  await smsForm.getByRole('button', { name: 'Save' }).click();
  await waitForText(page.getByRole('status').filter({ hasText: 'Saved' }), 'Saved');
  await smsForm.getByText('Set — leave empty to keep it').waitFor();
  assert.equal(await smsForm.getByLabel('Authorization header', { exact: true }).inputValue(), '', 'the authorization is not shown back');

  const hooks = page.getByRole('form', { name: 'Webhooks' });
  await hooks.getByText('No secret is set').waitFor();
  await hooks.getByRole('button', { name: 'Generate' }).click();
  const secret = await hooks.getByLabel('Signing secret (at least 16 characters)').inputValue();
  assert.match(secret, /^[0-9a-f]{64}$/);
  await hooks.getByRole('button', { name: 'Save' }).click();
  await hooks.getByText('A secret is set.').waitFor();
  await shot(page, 'actions-04-integrations');
  const stored = await rows<{ value: { secret: string } }>(app.ctx.db, sql`select value from integration_settings where name = 'webhook'`);
  assert.equal(stored[0].value.secret, secret);
  assert.equal((await page.content()).includes(secret), false, 'the page does not hold the secret after saving');
  const sms = await rows<{ value: { authorization: string; headers: Record<string, string> } }>(
    app.ctx.db,
    sql`select value from integration_settings where name = 'sms'`,
  );
  assert.equal(sms[0].value.authorization, 'Bearer sms-token-123');
  assert.deepEqual(sms[0].value.headers, { 'Content-Type': 'application/json' });
  await context.close();
});
