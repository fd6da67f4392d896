// ST-1..ST-3 and PR-1..PR-4 in the browser: the status dictionary (the two defaults, a new "my
// record" status set automatically on busy) and the process graph editor (statuses as nodes, a
// dialer exit and a dragged script exit as edges, linter warnings on nodes appearing and going
// away, "… was marked initial" on save, the graph persisted across a reload).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({}, { startJobs: false });
});
after(() => app?.close());

test('status dictionary: the two defaults, a new "my record" status set automatically when busy', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Status dictionary' }).click();
  const rows = page.locator('table.st-table tbody tr');
  await waitForText(rows.first(), 'Call');
  assert.equal(await rows.count(), 2);
  await waitForText(rows.nth(0), 'To call');
  await waitForText(rows.nth(1), 'Do not call');
  await shot(page, 'process-01-dictionary');

  await page.getByRole('button', { name: '+ New status' }).click();
  const dialog = page.getByRole('dialog', { name: 'New status' });
  await dialog.getByLabel('Name', { exact: true }).fill('Wstępnie zainteresowany');
  await dialog.getByLabel('System status').selectOption('my_record');
  // ST-3: only "my record" and "contact not earlier than" let the agent set the date
  await dialog.getByText('With this status the agent sets the date of the next contact.').waitFor();
  await dialog.getByRole('group', { name: 'Set automatically when' }).getByLabel('Busy').check();
  await shot(page, 'process-02-status-dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await waitForText(rows.nth(2), 'Wstępnie zainteresowany');
  await waitForText(rows.nth(2), 'My record');
  await waitForText(rows.nth(2), 'Busy');

  const list = (await app.ctx.api('manager', 'GET', '/api/statuses')).body as {
    name: string;
    systemStatus: string;
    autoOutcomes: string[];
    agentPicksTime: boolean;
  }[];
  const added = list.find((s) => s.name === 'Wstępnie zainteresowany');
  assert.deepEqual(
    { systemStatus: added?.systemStatus, autoOutcomes: added?.autoOutcomes, agentPicksTime: added?.agentPicksTime },
    { systemStatus: 'my_record', autoOutcomes: ['busy'], agentPicksTime: true },
  );

  // a status no case carries can be deleted
  await page.getByRole('button', { name: '+ New status' }).click();
  await dialog.getByLabel('Name', { exact: true }).fill('Do usunięcia');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await waitForText(rows.nth(3), 'Do usunięcia');
  await page.getByRole('button', { name: 'Delete status Do usunięcia' }).click();
  await page.getByRole('dialog', { name: 'Delete status' }).getByRole('button', { name: 'Delete' }).click();
  await waitForText(page.getByRole('status').filter({ hasText: 'deleted' }), 'Status “Do usunięcia” deleted');
  // the toast may come before the list has reloaded: wait for the row to go
  await rows.nth(3).waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 3);
  await context.close();

  // supervisors see the dictionary, read-only
  const sup = await app.newPage();
  await login(sup.page, 'supervisor');
  await sup.page.goto('/statuses');
  await waitForText(sup.page.locator('table.st-table tbody'), 'Wstępnie zainteresowany');
  assert.equal(await sup.page.getByRole('button', { name: '+ New status' }).count(), 0);
  assert.equal(await sup.page.getByRole('button', { name: /^Edit status/ }).count(), 0);
  await sup.context.close();
});

const node = (page: Page, key: string) => page.locator(`.react-flow__node[data-id="${key}"]`);

/** Waits until a node carries (or no longer carries) a linter mark of that severity. */
async function waitForMark(page: Page, key: string, severity: 'warning' | 'error', present: boolean) {
  const marked = node(page, key).locator(`.pe-node-${severity}`);
  await marked.waitFor({ state: present ? 'visible' : 'detached' });
}

test('process graph editor: statuses, exits, live linter on nodes, initial marked on save, persisted', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Processes' }).click();
  await page.getByText('No processes yet.').waitFor();
  await page.getByRole('button', { name: '+ New process' }).click();
  await page.waitForURL('**/processes/new');

  const save = page.getByRole('button', { name: 'Save', exact: true });
  const findings = page.getByTestId('findings');
  // an empty process cannot be saved
  await waitForText(findings, 'The process has no statuses');
  assert.equal(await save.isDisabled(), true);

  await page.getByLabel('Process name').fill('Sprzedaż OZE');
  await page.getByLabel('Kind').selectOption('operational');
  await page.getByLabel('Description', { exact: true }).fill('Fotowoltaika dla domu');
  const panel = page.getByRole('complementary', { name: 'Status details' });
  const addStatus = page.getByRole('button', { name: '+ Add status' });

  // 1: "Nowy", available to agents
  await addStatus.click();
  await panel.getByLabel('Status name').fill('Nowy');
  await panel.getByLabel('Qualifier').selectOption('public_callback_relative');
  await panel.getByLabel('Callback after').fill('2');
  await panel.getByLabel('Unit of the callback delay').selectOption('hours');

  // 2: "Zajęty", system only: nothing leads to it yet, so the linter warns on its node
  await addStatus.click();
  await panel.getByLabel('Status name').fill('Zajęty');
  await panel.getByLabel('Available to').selectOption('system');
  await waitForMark(page, 's2', 'warning', true);
  const title = await node(page, 's2').locator('.pe-node').getAttribute('title');
  assert.match(title ?? '', /“Zajęty” can never be reached/);
  await waitForText(findings, '“Zajęty” can never be reached');
  await waitForText(node(page, 's2'), 'system only');
  await shot(page, 'process-03-unreachable-warning');

  // 3: "Sukces", a success that ends the case
  await addStatus.click();
  await panel.getByLabel('Status name').fill('Sukces');
  await panel.getByLabel('Qualifier').selectOption('success_end');
  await panel.getByLabel('Colour').fill('#16a34a');

  // the fix: the dialer's "busy" on "Nowy" leads to "Zajęty" — an automatic edge
  await node(page, 's1').click();
  await panel.getByRole('tab', { name: 'Exits' }).click();
  await panel.getByLabel('Busy', { exact: true }).selectOption({ label: 'Zajęty' });
  await waitForMark(page, 's2', 'warning', false);
  const edges = page.locator('.react-flow__edge');
  await waitForText(page.locator('.pe-edge-label-auto'), 'Busy');
  assert.equal(await edges.count(), 1);

  // a loop of automatic exits without a counter: "Zajęty" → no answer → "Nowy" → busy → "Zajęty"
  await node(page, 's2').click();
  await panel.getByRole('tab', { name: 'Exits' }).click();
  await panel.getByLabel('No answer', { exact: true }).selectOption({ label: 'Nowy' });
  await waitForMark(page, 's1', 'warning', true);
  await waitForText(findings, 'loop of automatic exits');
  await shot(page, 'process-04-loop-warning');
  // …fixed with a transition counter on "Zajęty"
  await panel.getByLabel('Limit the transitions').check();
  await panel.getByLabel('Limit', { exact: true }).fill('3');
  await panel.getByLabel('Status when exceeded').selectOption({ label: 'Sukces' });
  await waitForMark(page, 's1', 'warning', false);
  await waitForText(page.locator('.pe-edge-label-auto').filter({ hasText: 'counter' }), 'counter > 3');

  // drag from "Nowy" to "Sukces": a script mapping, chosen in the dialog
  const from = await node(page, 's1').locator('.react-flow__handle.source').boundingBox();
  const to = await node(page, 's3').locator('.react-flow__handle.target').boundingBox();
  assert.ok(from && to);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 10, { steps: 12 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 3 });
  await page.mouse.up();
  const connect = page.getByRole('dialog', { name: 'New exit: Nowy → Sukces' });
  await connect.getByLabel('The agent picks a value in the script').check();
  await connect.getByLabel('Script field', { exact: true }).fill('interest');
  await connect.getByLabel('Value', { exact: true }).fill('yes');
  await connect.getByRole('button', { name: 'Add exit' }).click();
  await waitForText(page.locator('.pe-edge-label-script'), 'script: interest=yes');
  await waitForText(page.getByTestId('lint-summary'), 'No problems found');

  // move "Sukces" up a little: positions are saved
  const box = await node(page, 's3').boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width / 2, box.y + 12);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y - 100, { steps: 8 });
  await page.mouse.up();
  await shot(page, 'process-05-graph');

  // PR-3: no status is initial → saving marks one and says so
  assert.equal(await save.isDisabled(), false);
  await save.click();
  await waitForText(page.getByTestId('process-notice'), 'No status was marked initial, so “Nowy” was marked initial.');
  await page.waitForURL(/\/processes\/\d+$/);
  await waitForText(node(page, 's1'), 'initial');
  await shot(page, 'process-06-saved-initial-marked');
  const id = Number(new URL(page.url()).pathname.split('/').pop());

  const saved = (await app.ctx.api('manager', 'GET', `/api/processes/${id}`)).body;
  assert.equal(saved.name, 'Sprzedaż OZE');
  assert.deepEqual(
    saved.statuses.map((s: { key: string; name: string; initial: boolean }) => [s.key, s.name, s.initial]),
    [
      ['s1', 'Nowy', true],
      ['s2', 'Zajęty', false],
      ['s3', 'Sukces', false],
    ],
  );
  assert.equal(saved.statuses[0].callbackDelaySeconds, 7200);
  assert.deepEqual(saved.statuses[0].exits.dialer, { busy: 's2' });
  assert.deepEqual(saved.statuses[0].exits.script, [{ field: 'interest', value: 'yes', statusKey: 's3' }]);
  assert.deepEqual(saved.statuses[1].exits.counter, { limit: 3, statusKey: 's3' });
  assert.ok(saved.statuses[2].y < -50, `"Sukces" moved up: y = ${saved.statuses[2].y}`);

  // a reload shows the same graph
  await page.reload();
  await waitForText(node(page, 's1'), 'Nowy');
  assert.equal(await page.locator('.react-flow__node').count(), 3);
  await waitForText(node(page, 's2'), 'Zajęty');
  await waitForText(node(page, 's3'), 'Sukces');
  await waitForText(node(page, 's1'), 'initial');
  assert.equal(await edges.count(), 4); // busy, no answer, counter, script
  await waitForText(page.locator('.pe-edge-label-auto').filter({ hasText: 'Busy' }), 'Busy');
  await waitForText(page.locator('.pe-edge-label-script'), 'script: interest=yes');
  assert.equal(await page.getByLabel('Process name').inputValue(), 'Sprzedaż OZE');
  await shot(page, 'process-07-reloaded');

  // the list shows it with its status count
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Processes' }).click();
  const row = page.locator('table tbody tr', { hasText: 'Sprzedaż OZE' });
  await waitForText(row, 'Operational');
  await waitForText(row.locator('td.num'), '3');
  await context.close();

  // supervisors see the graph read-only
  const sup = await app.newPage();
  await login(sup.page, 'supervisor');
  await sup.page.goto(`/processes/${id}`);
  await waitForText(node(sup.page, 's1'), 'Nowy');
  assert.equal(await sup.page.getByRole('button', { name: 'Save', exact: true }).count(), 0);
  assert.equal(await sup.page.getByRole('button', { name: '+ Add status' }).count(), 0);
  assert.equal(await sup.page.getByLabel('Process name').isDisabled(), true);
  await node(sup.page, 's2').click();
  assert.equal(await sup.page.getByRole('complementary', { name: 'Status details' }).getByLabel('Status name').isDisabled(), true);
  await sup.context.close();
});
