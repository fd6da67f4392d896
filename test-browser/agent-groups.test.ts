// CP-1 routing: the agent groups page. A manager creates, renames and deletes a group (errors
// shown next to the field); a supervisor sees the page read-only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({}, { startJobs: false });
});
after(() => app?.close());

test('a manager creates, renames and deletes an agent group', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Agent groups' }).click();
  await page.getByRole('heading', { name: 'Agent groups', level: 1 }).waitFor();
  await page.getByText('No agent groups yet.').waitFor();

  // create, with the agent as its member
  await page.getByRole('button', { name: '+ New group' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('Group name').fill('Team North');
  await dialog.getByRole('checkbox', { name: 'agent' }).check();
  await shot(page, 'agent-groups-dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.getByRole('row', { name: /Team North/ });
  await waitForText(row.getByTestId('member-count'), '1');
  await waitForText(row.getByRole('cell').nth(2), 'agent');

  // a second group with the same name: the 409 is shown under the name
  await page.getByRole('button', { name: '+ New group' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('Group name').fill('team north');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await waitForText(dialog.locator('.field-error'), /named "team north" exists/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });

  // rename
  await page.getByRole('button', { name: 'Edit group Team North' }).click();
  dialog = page.getByRole('dialog');
  assert.equal(await dialog.getByRole('checkbox', { name: 'agent' }).isChecked(), true);
  await dialog.getByLabel('Group name').fill('Team South');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await waitForText(page.getByRole('row', { name: /Team South/ }).getByTestId('member-count'), '1');
  await shot(page, 'agent-groups-list');

  // persisted, with its member
  const res = await app.ctx.api('manager', 'GET', '/api/agent-groups');
  assert.equal(res.status, 200);
  const agentId = (await app.ctx.api('manager', 'GET', '/api/agents')).body.find((a: { username: string }) => a.username === 'agent').id;
  assert.deepEqual(
    res.body.map((g: { name: string; memberIds: number[] }) => ({ name: g.name, memberIds: g.memberIds })),
    [{ name: 'Team South', memberIds: [agentId] }],
  );

  // delete, after the confirmation
  await page.getByRole('button', { name: 'Delete group Team South' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No agent groups yet.').waitFor();
  assert.deepEqual((await app.ctx.api('manager', 'GET', '/api/agent-groups')).body, []);
  await context.close();
});

test('a supervisor sees the agent groups read-only', async () => {
  const created = await app.ctx.api('manager', 'POST', '/api/agent-groups', { name: 'Night shift', memberIds: [] });
  assert.equal(created.status, 201);
  const { context, page } = await app.newPage();
  await login(page, 'supervisor');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Agent groups' }).click();
  await page.getByRole('cell', { name: 'Night shift' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '+ New group' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Edit group Night shift' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Delete group Night shift' }).count(), 0);
  await shot(page, 'agent-groups-supervisor');
  await context.close();
});
