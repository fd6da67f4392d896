// CP-1..CP-10, AS-5, AG-3 in the browser. A manager creates a campaign, edits its working hours,
// caller IDs (with the API's field error next to the field), script and agents, sees them kept
// after a reload, fails to start it without agents (the problem is shown), fixes it and starts
// it. A supervisor then follows it: statistics (refreshed by the pushed campaign.changed), the
// per-contact cases table, "Why not dialable?" for a blocked contact, the dialability breakdown,
// and the campaign-level blocker once the campaign is paused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
const NAME = 'Kampania wiosenna 2026';
let campaignId = 0;
const contactIds: number[] = [];

before(async () => {
  app = await startBrowserApp();
  const { api } = app.ctx;
  for (let i = 0; i < 6; i++) {
    const r = await api('admin', 'POST', '/api/contacts', {
      firstName: 'Anna',
      lastName: `Wiosenna${i}`,
      street: 'Długa',
      houseNumber: String(i + 1),
      city: 'Gdańsk',
      region: 'pomorskie',
      postalCode: '80-001',
      phone1: `58 300 40 ${String(10 + i)}`,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    contactIds.push(Number(r.body.id));
  }
});
after(() => app?.close());

test('manager: create, edit hours, caller IDs, script and agents, reload, start with a problem, fix, start', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  await nav.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  const dialog = page.getByRole('dialog', { name: 'New campaign' });
  await dialog.getByLabel('Name').fill(NAME);
  await dialog.getByLabel('Dialing mode').selectOption('progressive');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.locator('table.campaigns-table tbody tr', { hasText: NAME });
  await waitForText(row, 'Draft');
  await waitForText(row, 'Progressive');
  campaignId = Number(await row.getAttribute('data-campaign-id'));
  assert.ok(campaignId >= 10000, String(campaignId));
  await shot(page, 'campaign-list');

  await row.getByRole('link', { name: NAME }).click();
  await page.getByRole('heading', { name: `${campaignId} · ${NAME}` }).waitFor();
  // a new campaign has the "Call" status, but no agents: the readiness note says so
  await waitForText(page.getByTestId('readiness'), 'No agents');

  // working hours: Monday 00:00–24:00 by hand, then copied to every day; the contact's window too
  const settings = page.getByRole('tabpanel');
  await settings.getByLabel('Monday: start of interval 1').fill('00:00');
  await settings.getByLabel('Monday: end of interval 1').fill('24:00');
  await settings.getByRole('button', { name: 'Copy Monday to all days' }).click();
  assert.equal(await settings.getByLabel('Sunday: end of interval 1').inputValue(), '24:00');
  await settings.getByLabel('Contact’s local time from').fill('00:00');
  await settings.getByLabel('Contact’s local time to').fill('24:00');
  await settings.getByLabel('Maximum attempts').fill('5');

  // a caller ID the server refuses: its error sits under that number
  await settings.getByRole('button', { name: '+ Add number' }).click();
  await settings.getByLabel('Caller ID 1', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const callerItem = settings.locator('.caller-ids li').first();
  await callerItem.locator('.field-error').waitFor();
  await shot(page, 'campaign-settings-error');
  await settings.getByLabel('Caller ID 1', { exact: true }).fill('+48 22 100 20 30');

  // the script: one question with two answers; the key follows the question
  await page.getByRole('tab', { name: 'Script' }).click();
  const script = page.getByRole('tabpanel');
  await script.getByRole('button', { name: '+ Question' }).click();
  const item = script.getByRole('listitem', { name: 'Item 1: Question' });
  await item.getByLabel('Question', { exact: true }).fill('Czy jest zainteresowany?');
  assert.equal(await item.getByLabel('Answer key').inputValue(), 'czy_jest_zainteresowany');
  await item.getByLabel('Answer 1', { exact: true }).fill('Tak');
  await item.getByLabel('Answer 2', { exact: true }).fill('Nie');
  const preview = page.getByRole('complementary', { name: 'Preview' });
  await preview.getByRole('radio', { name: 'Tak' }).waitFor();
  await shot(page, 'campaign-script');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.locator('.save-bar'), 'All changes saved');

  // kept after a reload (the open tab too)
  await page.reload();
  await page.getByRole('heading', { name: `${campaignId} · ${NAME}` }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Script' }).getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByRole('listitem', { name: 'Item 1: Question' }).getByLabel('Question', { exact: true }).inputValue(), 'Czy jest zainteresowany?');
  await page.getByRole('tab', { name: 'Settings' }).click();
  for (const day of ['Monday', 'Wednesday', 'Sunday']) {
    assert.equal(await page.getByLabel(`${day}: start of interval 1`).inputValue(), '00:00');
    assert.equal(await page.getByLabel(`${day}: end of interval 1`).inputValue(), '24:00');
  }
  assert.equal(await page.getByLabel('Caller ID 1', { exact: true }).inputValue(), '+48221002030');
  assert.equal(await page.getByLabel('Maximum attempts').inputValue(), '5');
  const saved = (await app.ctx.api('manager', 'GET', `/api/campaigns/${campaignId}`)).body;
  assert.deepEqual(saved.workingHours.sat, [['00:00', '24:00']]);
  assert.deepEqual(saved.localWindow, { start: '00:00', end: '24:00' });
  assert.equal(saved.script[0].key, 'czy_jest_zainteresowany');
  assert.deepEqual(saved.script[0].options, ['Tak', 'Nie']);

  // start without agents: refused, the problem is shown
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await waitForText(page.getByTestId('start-problems'), 'No agents: assign agents');
  await shot(page, 'campaign-start-problem');

  // fix: add the agent, save, start
  const agents = page.getByRole('group', { name: 'Agents', exact: true });
  await agents.getByRole('checkbox', { name: 'agent', exact: true }).check();
  await waitForText(page.getByTestId('routing-summary'), 'Agents working the campaign: 1');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.locator('.save-bar'), 'All changes saved');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await waitForText(page.locator('.campaign-badges'), 'Running');
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  assert.equal(await page.getByTestId('start-problems').count(), 0);
  await page.reload();
  await page.getByRole('tab', { name: 'Settings' }).click();
  assert.equal(await page.getByRole('group', { name: 'Agents', exact: true }).getByRole('checkbox', { name: 'agent', exact: true }).isChecked(), true);
  await shot(page, 'campaign-settings');
  const after = (await app.ctx.api('manager', 'GET', `/api/campaigns/${campaignId}`)).body;
  assert.equal(after.state, 'running');
  assert.deepEqual(after.agentIds, [app.ctx.users.agent]);
  await context.close();
});

test('supervisor: statistics, cases, why not dialable, attempts, dialability, the paused campaign', async () => {
  assert.ok(campaignId, 'the first test created the campaign');
  const { api } = app.ctx;
  // four contacts join the campaign; one of them gets blocked
  const assigned = await api('manager', 'POST', '/api/assignments', { campaignId, filter: { ids: contactIds.slice(0, 4) } });
  assert.equal(assigned.body.added, 4, JSON.stringify(assigned.body));
  const blocked = await api('admin', 'POST', '/api/contacts/block', { filter: { ids: [contactIds[0]] }, reason: 'asked not to be called' });
  assert.equal(blocked.status, 200, JSON.stringify(blocked.body));

  // the agent works one case: answered, "Call" (call again), the script answer "Tak"
  const statuses = (await api('manager', 'GET', `/api/campaigns/${campaignId}/statuses`)).body as { id: number; name: string }[];
  const call = statuses.find((x) => x.name === 'Call');
  assert.ok(call, JSON.stringify(statuses));
  // "next case" is preview's (progressive calls come from the dialer): the manager switches the mode
  assert.equal((await api('manager', 'PATCH', `/api/campaigns/${campaignId}`, { mode: 'preview', previewSeconds: 0 })).status, 200);
  assert.equal((await api('agent', 'POST', '/api/agent/login', { campaignIds: [campaignId] })).status, 200);
  const next = await api('agent', 'POST', '/api/agent/next');
  assert.ok(next.body.case, JSON.stringify(next.body));
  const worked = contactIds.indexOf(Number(next.body.case.contact.id));
  assert.ok(worked > 0, `a free contact was offered: ${worked}`);
  const saved = await api('agent', 'POST', `/api/cases/${next.body.case.case.id}/result`, {
    outcome: 'answered',
    statusId: call.id,
    answers: { czy_jest_zainteresowany: 'Tak' },
    note: 'oddzwonić po południu',
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const fresh = [1, 2, 3].find((i) => i !== worked) as number;

  const { context, page } = await app.newPage();
  await login(page, 'supervisor');
  await page.goto(`/campaigns/${campaignId}`);
  await page.getByRole('heading', { name: `${campaignId} · ${NAME}` }).waitFor();
  // supervisors read: no state buttons, statistics first
  assert.equal(await page.getByRole('button', { name: 'Pause', exact: true }).count(), 0);
  assert.equal(await page.getByRole('tab', { name: 'Statistics' }).getAttribute('aria-selected'), 'true');
  await waitForText(page.getByTestId('stat-total'), '4');
  await waitForText(page.getByTestId('stat-untouched'), '3');
  await waitForText(page.getByTestId('stat-processed'), '1');
  await waitForText(page.getByTestId('stat-attempts'), '1');
  await waitForText(page.getByTestId('stats-by-status'), 'Call');
  await waitForText(page.getByTestId('stats-by-agent'), 'agent');
  await waitForText(page.getByRole('region', { name: 'By call outcome' }), 'Answered');

  // another contact joins; the pushed campaign.changed refreshes the numbers (no polling)
  assert.equal((await api('manager', 'POST', '/api/assignments', { campaignId, filter: { ids: [contactIds[4]] } })).body.added, 1);
  app.ctx.events.publish({ type: 'campaign.changed', userId: null, campaignId });
  await waitForText(page.getByTestId('stat-total'), '5');
  await waitForText(page.getByTestId('campaign-total'), '5');
  await shot(page, 'campaign-stats');

  // the per-contact table: agent, state, result, connected, next attempt
  await page.getByRole('tab', { name: 'Cases' }).click();
  const table = page.locator('table.cases-table');
  await waitForText(page.getByTestId('cases-total'), 'Cases: 5');
  assert.equal(await table.locator('tbody tr').count(), 5);
  await waitForText(table.locator('tbody'), 'Anna Wiosenna0');
  const workedRow = table.locator('tbody tr', { hasText: `Anna Wiosenna${worked}` });
  await waitForText(workedRow, 'To retry');
  await waitForText(workedRow, 'Call');
  await waitForText(workedRow, 'Connected');
  await waitForText(workedRow, 'agent');
  await waitForText(table.locator('tbody tr', { hasText: `Anna Wiosenna${fresh}` }), 'New');
  // supervisors cannot run group actions (cases.manage)
  assert.equal(await table.getByRole('checkbox').count(), 0);
  await page.getByLabel('Contact', { exact: true }).fill('Wiosenna3');
  await waitForText(page.getByTestId('cases-total'), 'Cases: 1');
  await page.getByLabel('Contact', { exact: true }).fill('');
  await waitForText(page.getByTestId('cases-total'), 'Cases: 5');
  await page.locator('.cases-filters').getByLabel('State').selectOption('retry');
  await waitForText(page.getByTestId('cases-total'), 'Cases: 1');
  await page.locator('.cases-filters').getByLabel('State').selectOption('');
  await waitForText(page.getByTestId('cases-total'), 'Cases: 5');
  await shot(page, 'campaign-cases');

  // why is the blocked contact not dialed?
  await table.getByRole('button', { name: 'Why not dialable? Anna Wiosenna0' }).click();
  const why = page.getByRole('dialog', { name: 'Why is Anna Wiosenna0 not dialable?' });
  await waitForText(why.getByTestId('why'), 'Not dialable now');
  await waitForText(why.locator('[data-code="blocked"]'), 'The contact is blocked');
  await shot(page, 'campaign-why');
  await why.getByRole('button', { name: 'Close' }).last().click();
  // the worked one waits for its next attempt; a fresh one is dialable
  await table.getByRole('button', { name: `Why not dialable? Anna Wiosenna${worked}` }).click();
  const later = page.getByRole('dialog', { name: `Why is Anna Wiosenna${worked} not dialable?` });
  await waitForText(later.locator('[data-code="retry_later"]'), 'Next attempt later');
  await later.getByRole('button', { name: 'Close' }).last().click();
  await table.getByRole('button', { name: `Why not dialable? Anna Wiosenna${fresh}` }).click();
  const ok = page.getByRole('dialog', { name: `Why is Anna Wiosenna${fresh} not dialable?` });
  await waitForText(ok.getByTestId('why'), 'Dialable now');
  await ok.getByRole('button', { name: 'Close' }).last().click();

  // attempts: the script answer is a column, and can be searched
  await page.getByRole('tab', { name: 'Attempts' }).click();
  const attempts = page.locator('table.attempts-table');
  await attempts.getByRole('columnheader', { name: 'Czy jest zainteresowany?' }).waitFor();
  await waitForText(attempts.locator('tbody tr').first(), 'Tak');
  await waitForText(attempts.locator('tbody tr').first(), 'oddzwonić po południu');
  await page.getByLabel('Script answer').selectOption('czy_jest_zainteresowany');
  await page.getByLabel('contains').fill('nie');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await waitForText(page.getByRole('tabpanel'), 'No attempt matches.');
  await page.getByLabel('contains').fill('tak');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await waitForText(page.getByRole('tabpanel'), 'Attempts: 1');
  await shot(page, 'campaign-attempts');

  // the hopper: 3 dialable, 1 blocked, 1 later; no campaign-level blocker while running
  await page.getByRole('tab', { name: 'Dialability' }).click();
  await waitForText(page.getByTestId('dialable-now'), '3');
  await waitForText(page.locator('.reason-bars [data-code="dialable"]'), 'Dialable');
  await waitForText(page.locator('.reason-bars [data-code="blocked"]'), 'The contact is blocked');
  await waitForText(page.locator('.reason-bars [data-code="blocked"] .bar-count'), '1');
  await waitForText(page.locator('.reason-bars [data-code="retry_later"] .bar-count'), '1');
  assert.equal(await page.getByTestId('campaign-blockers').count(), 0);
  await shot(page, 'campaign-dialability');

  // the manager pauses the campaign: the hopper shows why everything stops
  assert.equal((await api('manager', 'POST', `/api/campaigns/${campaignId}/state`, { state: 'paused' })).status, 200);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await waitForText(page.getByTestId('campaign-blockers'), 'The campaign is not running (Paused)');
  await waitForText(page.getByTestId('dialable-now'), '0');
  await waitForText(page.locator('.campaign-badges'), 'Paused');
  await shot(page, 'campaign-dialability-paused');
  // the case dialog says the same
  await page.getByRole('tab', { name: 'Cases' }).click();
  await page
    .locator('table.cases-table')
    .getByRole('button', { name: `Why not dialable? Anna Wiosenna${fresh}` })
    .click();
  const paused = page.getByRole('dialog', { name: `Why is Anna Wiosenna${fresh} not dialable?` });
  await waitForText(paused.getByTestId('why'), 'The campaign is not running (Paused)');
  await context.close();
});

test('manager: group actions on cases, saved view, statuses, clone', async () => {
  assert.ok(campaignId, 'the first test created the campaign');
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.goto(`/campaigns/${campaignId}?tab=cases`);
  const table = page.locator('table.cases-table');
  await waitForText(page.getByTestId('cases-total'), 'Cases: 5');

  // set the priority of two cases (with the dialog as confirmation)
  await table.getByRole('checkbox', { name: 'Select Anna Wiosenna1' }).check();
  await table.getByRole('checkbox', { name: 'Select Anna Wiosenna2' }).check();
  const bar = page.getByRole('toolbar', { name: 'Actions on the selected cases' });
  await waitForText(bar, 'Selected: 2');
  await bar.getByRole('button', { name: 'Set priority' }).click();
  const prio = page.getByRole('dialog', { name: 'Set the priority of the selected cases (2)' });
  await prio.getByLabel('Priority', { exact: true }).fill('50');
  await prio.getByRole('button', { name: 'Apply to 2' }).click();
  await waitForText(page.getByRole('status').filter({ hasText: 'Cases changed' }), 'Cases changed: 2');
  const cases = (await app.ctx.api('manager', 'GET', `/api/campaigns/${campaignId}/cases`)).body.items as { contactName: string; priority: number }[];
  assert.deepEqual(
    cases.filter((c) => c.priority === 50).map((c) => c.contactName),
    ['Anna Wiosenna1', 'Anna Wiosenna2'],
  );

  // delete one case (confirmation), the contact goes back to the database
  await table.getByRole('checkbox', { name: 'Select Anna Wiosenna4' }).check();
  await page.getByRole('toolbar', { name: 'Actions on the selected cases' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete the selected cases (1) from the campaign?' }).getByRole('button', { name: 'Delete' }).click();
  await waitForText(page.getByTestId('cases-total'), 'Cases: 4');

  // a saved view: sort by creation date, newest first
  await page.getByLabel('Sort').selectOption('created_desc');
  await page.getByRole('button', { name: 'Save view' }).click();
  const viewDialog = page.getByRole('dialog', { name: 'Save the filtered view' });
  await viewDialog.getByLabel('View name').fill('Najnowsze');
  await viewDialog.getByRole('button', { name: 'Save' }).click();
  await viewDialog.waitFor({ state: 'detached' });
  const views = (await app.ctx.api('manager', 'GET', `/api/campaigns/${campaignId}/case-views`)).body;
  assert.deepEqual(
    views.map((v: { name: string; filter: unknown }) => [v.name, v.filter]),
    [['Najnowsze', { sort: 'created_desc' }]],
  );
  await shot(page, 'campaign-cases-manager');

  // ST-4: a status of this campaign only
  await page.getByRole('tab', { name: 'Statuses' }).click();
  const panel = page.getByRole('tabpanel');
  await panel.getByRole('cell', { name: 'Call', exact: true }).waitFor();
  await panel.getByLabel('Name', { exact: true }).fill('Oddzwonić jutro');
  await panel.getByLabel('System status').selectOption('my_record');
  await panel.getByRole('button', { name: 'Create status' }).click();
  await panel.getByRole('cell', { name: 'Oddzwonić jutro', exact: true }).waitFor();
  await waitForText(panel.locator('tr', { hasText: 'Oddzwonić jutro' }), 'this campaign only');
  await shot(page, 'campaign-statuses');

  // clone without contacts: a draft with the same settings
  await page.getByRole('button', { name: 'Clone', exact: true }).click();
  const clone = page.getByRole('dialog', { name: `Clone campaign “${NAME}”` });
  await clone.getByLabel(/With the same contacts/).uncheck();
  await clone.getByRole('button', { name: 'Clone' }).click();
  await page.getByRole('heading', { name: `${NAME} (copy)` }).waitFor();
  await waitForText(page.locator('.campaign-badges'), 'Draft');
  assert.equal(await page.getByLabel('Monday: end of interval 1').inputValue(), '24:00');
  await context.close();
});
