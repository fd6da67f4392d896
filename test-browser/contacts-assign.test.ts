// CT-5..CT-7 and AS-2/AS-4 in the browser: filter, refresh count, list; edit with field errors,
// block/unblock, timeline, add, delete; assign by filter and by selection with the dialog's counts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp();
  const { api } = app.ctx;
  const people: [string, string, string][] = [];
  for (let i = 0; i < 12; i++) people.push([`Kraków${i}`, 'Kraków', `Floriańska`]);
  for (let i = 0; i < 8; i++) people.push([`Warszawa${i}`, 'Warszawa', `Marszałkowska`]);
  let n = 0;
  for (const [lastName, city, street] of people) {
    n++;
    const r = await api('admin', 'POST', '/api/contacts', {
      firstName: 'Klient',
      lastName,
      street,
      houseNumber: String(n),
      city,
      region: city === 'Kraków' ? 'małopolskie' : 'mazowieckie',
      postalCode: city === 'Kraków' ? `31-0${String(n).padStart(2, '0')}` : `00-0${String(n).padStart(2, '0')}`,
      phone1: `5${String(10 + n).padStart(2, '0')} 100 ${String(100 + n)}`,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  for (const name of ['Oferta jesienna 2026', 'Ankieta satysfakcji']) {
    assert.equal((await api('admin', 'POST', '/api/campaigns', { name })).status, 201);
  }
  // three Warsaw contacts are already in the autumn campaign: its "all" and "unused" counts are 3
  const r = await api('admin', 'POST', '/api/assignments', { campaignId: 10000, filter: { city: 'Warszawa' }, limit: 3 });
  assert.equal(r.body.added, 3, JSON.stringify(r.body));
});
after(() => app?.close());

test('assign by filter: counts, campaign search, limit, "N really added"; then a selection', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Kraków');
  await page.getByRole('button', { name: 'Refresh record count' }).click();
  await waitForText(page.getByTestId('record-count'), 'Number of records: 12');
  assert.equal(await page.locator('table.contacts-table').count(), 0, 'refresh count does not list');

  await page.getByRole('button', { name: '+ Assign to campaign', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign contacts matching the filter to a campaign' });
  await waitForText(dialog.getByTestId('assign-selected'), '12');
  await waitForText(dialog.getByTestId('assign-free'), '12');
  await dialog.getByLabel('Campaign', { exact: true }).fill('jesien');
  const options = dialog.getByRole('list', { name: 'Campaigns' }).getByRole('button');
  await waitForText(options, 'Oferta jesienna 2026');
  assert.equal(await options.count(), 1, 'the name fragment narrows the list');
  await options.first().click();
  await waitForText(dialog.getByTestId('assign-total'), '3');
  await waitForText(dialog.getByTestId('assign-unused'), '3');
  await waitForText(dialog.getByTestId('assign-eligible'), '12');
  assert.equal(await dialog.getByLabel('Number of records', { exact: true }).inputValue(), '12');
  await dialog.getByLabel('Number of records', { exact: true }).fill('10');
  assert.equal(await dialog.getByLabel('Number of records (slider)').inputValue(), '10');
  await shot(page, '14-assign-dialog');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await waitForText(dialog.getByRole('status'), 'Contacts really added: 10');
  await shot(page, '15-assign-result');
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  // only free contacts are counted: 2 of Kraków are left
  await waitForText(page.getByTestId('record-count'), 'Number of records: 2');
  const campaign = await app.ctx.api('manager', 'GET', '/api/campaigns/10000');
  assert.equal(campaign.body.total, 13);

  // a selection: show the list, tick two rows, assign them to the other campaign
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Warszawa');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const table = page.locator('table.contacts-table');
  await waitForText(table.locator('tbody'), 'Warszawa');
  assert.equal(await table.locator('tbody tr').count(), 5); // 8 in Warsaw, 3 already in a campaign
  const rows = table.locator('tbody tr');
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await waitForText(page.getByText(/^Selected: /), 'Selected: 2');
  await page.getByRole('button', { name: 'Assign selected to campaign' }).click();
  const sel = page.getByRole('dialog', { name: 'Assign selected contacts to a campaign' });
  await waitForText(sel.getByTestId('assign-selected'), '2');
  await sel.getByLabel('Campaign', { exact: true }).fill('ankieta');
  await sel.getByRole('button', { name: /Ankieta satysfakcji/ }).click();
  await waitForText(sel.getByTestId('assign-eligible'), '2');
  await sel.getByRole('button', { name: 'Create' }).click();
  await waitForText(sel.getByRole('status'), 'Contacts really added: 2');
  await sel.getByRole('button', { name: 'Close' }).last().click();
  await waitForText(page.getByText(/^Selected: /), 'Selected: 0');
  await waitForText(table.locator('tbody'), 'Warszawa');
  assert.equal(await table.locator('tbody tr').count(), 3);
  await context.close();
});

test('edit (field errors), block/unblock, timeline, add and delete (admin)', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'admin');
  // administrators may switch off "only free": the contacts in campaigns show up with their campaign
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Warszawa');
  await page.getByLabel('Only free').uncheck();
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const table = page.locator('table.contacts-table');
  await waitForText(table.locator('tbody'), 'Warszawa');
  assert.equal(await table.locator('tbody tr').count(), 8);
  await waitForText(table.locator('tbody'), '10000 · Oferta jesienna 2026');
  await shot(page, '16-contacts-admin');

  const first = table.locator('tbody tr').first();
  const id = Number(await first.getAttribute('data-contact-id'));

  // edit: a bad phone is refused, the error sits under the phone field
  await first.getByRole('button', { name: `Edit contact ${id}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit contact ${id}` });
  await dialog.getByLabel('Phone 1').fill('12');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const phoneField = dialog.locator('.field', { has: page.getByLabel('Phone 1') });
  await phoneField.locator('.field-error').waitFor();
  await shot(page, '17-contact-edit-error');
  await dialog.getByLabel('Phone 1').fill('+48 600 700 800');
  await dialog.getByLabel('Name', { exact: true }).fill('Firma Testowa Sp. z o.o.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await waitForText(first, 'Firma Testowa Sp. z o.o.');
  await waitForText(first, '+48 600 700 800');

  // block and unblock from the row
  await first.getByRole('button', { name: `Block contact ${id}` }).click();
  await waitForText(first, 'Blocked');
  await first.getByRole('button', { name: `Unblock contact ${id}` }).click();
  await first.getByRole('button', { name: `Block contact ${id}` }).waitFor();

  // the timeline lists what happened
  await first.getByRole('button', { name: `History of contact ${id}` }).click();
  const timeline = page.getByRole('dialog', { name: `History of contact ${id}` });
  for (const kind of ['Created', 'Changed', 'Blocked', 'Unblocked', 'Assigned to campaign']) await timeline.getByText(kind, { exact: true }).first().waitFor();
  await shot(page, '18-contact-timeline');
  await timeline.getByRole('button', { name: 'Close' }).click();

  // bulk block of a selection
  await table.locator('tbody tr').nth(1).getByRole('checkbox').check();
  await table.locator('tbody tr').nth(2).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Block selected', exact: true }).click();
  await waitForText(page.getByRole('status').filter({ hasText: 'Contacts blocked' }), 'Contacts blocked: 2');
  await page.getByLabel('Blocked contacts').selectOption('only');
  await page.getByRole('button', { name: 'Refresh record count' }).click();
  await waitForText(page.getByTestId('record-count'), 'Number of records: 2');
  await page.getByLabel('Blocked contacts').selectOption('include');

  // add a contact by hand, then delete it permanently
  await page.getByRole('button', { name: '+ Add contact' }).click();
  const add = page.getByRole('dialog', { name: 'New contact' });
  await add.getByLabel('First name').fill('Nowy');
  await add.getByLabel('Last name').fill('Klient');
  await add.getByLabel('City').fill('Warszawa');
  await add.getByLabel('Address (street)').fill('Aaa-pierwsza');
  await add.getByLabel('Phone 1').fill('509 111 222');
  await add.getByRole('button', { name: 'Save' }).click();
  await add.waitFor({ state: 'detached' });
  await waitForText(table.locator('tbody tr').first(), 'Aaa-pierwsza');
  const newId = Number(await table.locator('tbody tr').first().getAttribute('data-contact-id'));
  await table
    .locator('tbody tr')
    .first()
    .getByRole('button', { name: `Delete contact ${newId}` })
    .click();
  await page.getByRole('dialog', { name: 'Delete contact permanently' }).getByRole('button', { name: 'Delete' }).click();
  await waitForText(table.locator('tbody tr').first(), 'Firma Testowa');
  assert.equal((await app.ctx.api('admin', 'GET', `/api/contacts/${newId}`)).status, 404);
  await context.close();
});
