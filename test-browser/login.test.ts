// Sign-in, navigation by role, the language switch (saved on the user), sign-out, and a
// screenshot of the main screens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type BrowserApp, login, PASSWORD, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp();
});
after(() => app?.close());

test('a wrong password shows the error; the right one lands on Contacts', async () => {
  const { context, page } = await app.newPage();
  await page.goto('/'); console.log(Date.now()%100000, `page.goto('/')`.slice(0,70));
  await page.getByLabel('Username').fill('admin'); console.log(Date.now()%100000, `page.getByLabel('Username').fill('admin')`.slice(0,70));
  await page.getByLabel('Password').fill('not-the-password'); console.log(Date.now()%100000, `page.getByLabel('Password').fill('not-the-password')`.slice(0,70));
  await page.getByRole('button', { name: 'Sign in' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: 'Sign in' }).click()`.slice(0,70));
  await waitForText(page.getByRole('alert'), 'Wrong username or password'); console.log(Date.now()%100000, `waitForText(page.getByRole('alert'), 'Wrong username or password')`.slice(0,70));
  await shot(page, '01-login-error'); console.log(Date.now()%100000, `shot(page, '01-login-error')`.slice(0,70));

  await page.getByLabel('Password').fill(PASSWORD); console.log(Date.now()%100000, `page.getByLabel('Password').fill(PASSWORD)`.slice(0,70));
  await page.getByRole('button', { name: 'Sign in' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: 'Sign in' }).click()`.slice(0,70));
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor(); console.log(Date.now()%100000, `page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor()`.slice(0,70));
  assert.equal(new URL(page.url()).pathname, '/contacts');
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  for (const item of ['Contacts', 'Import', 'Campaigns', 'Contact fields', 'Users', 'API tokens', 'API documentation']) {
    await nav.getByRole('link', { name: item }).waitFor();
  }
  // the session survives a reload (HttpOnly cookie + GET /api/auth/me)
  await page.reload(); console.log(Date.now()%100000, `page.reload()`.slice(0,70));
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor(); console.log(Date.now()%100000, `page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor()`.slice(0,70));
  await shot(page, '02-contacts-empty'); console.log(Date.now()%100000, `shot(page, '02-contacts-empty')`.slice(0,70));
  await context.close(); console.log(Date.now()%100000, `context.close()`.slice(0,70));
});

test('the language switch translates the UI and is saved on the user', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager'); console.log(Date.now()%100000, `login(page, 'manager')`.slice(0,70));
  await page.getByLabel('Language').selectOption('pl'); console.log(Date.now()%100000, `page.getByLabel('Language').selectOption('pl')`.slice(0,70));
  const nav = page.getByRole('navigation', { name: 'Menu główne' });
  await nav.getByRole('link', { name: 'Kontakty' }).waitFor(); console.log(Date.now()%100000, `nav.getByRole('link', { name: 'Kontakty' }).waitFor()`.slice(0,70));
  await nav.getByRole('link', { name: 'Kampanie' }).waitFor(); console.log(Date.now()%100000, `nav.getByRole('link', { name: 'Kampanie' }).waitFor()`.slice(0,70));
  await page.getByRole('button', { name: 'Odśwież liczbę rekordów' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('button', { name: 'Odśwież liczbę rekordów' }).waitFor()`.slice(0,70));
  await page.getByRole('button', { name: 'Pokaż', exact: true }).waitFor(); console.log(Date.now()%100000, `page.getByRole('button', { name: 'Pokaż', exact: true }).waitFor()`.slice(0,70));
  await page.getByRole('button', { name: '+ Przydziel do kampanii' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('button', { name: '+ Przydziel do kampanii' }).waitFor()`.slice(0,70));
  await page.getByText('Ostatnio nieużywane').waitFor(); console.log(Date.now()%100000, `page.getByText('Ostatnio nieużywane').waitFor()`.slice(0,70));
  await shot(page, '03-contacts-pl'); console.log(Date.now()%100000, `shot(page, '03-contacts-pl')`.slice(0,70));

  // saved with PATCH /api/auth/me: the server knows, and a reload keeps Polish
  const deadline = Date.now() + 5000;
  let language = '';
  while (Date.now() < deadline && language !== 'pl') {
    language = (await app.ctx.api('manager', 'GET', '/api/auth/me')).body.user.language;
  }
  assert.equal(language, 'pl');
  await page.reload(); console.log(Date.now()%100000, `page.reload()`.slice(0,70));
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Kontakty' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Kontakty' }).waitFor()`.slice(0,70));

  await page.getByLabel('Język').selectOption('cs'); console.log(Date.now()%100000, `page.getByLabel('Język').selectOption('cs')`.slice(0,70));
  await page.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Kampaně' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Kampaně' }).waitFor()`.slice(0,70));
  await page.getByRole('button', { name: 'Obnovit počet záznamů' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('button', { name: 'Obnovit počet záznamů' }).waitFor()`.slice(0,70));
  await page.getByRole('button', { name: '+ Přiřadit do kampaně' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('button', { name: '+ Přiřadit do kampaně' }).waitFor()`.slice(0,70));
  await shot(page, '04-contacts-cs'); console.log(Date.now()%100000, `shot(page, '04-contacts-cs')`.slice(0,70));

  await page.getByLabel('Jazyk').selectOption('en'); console.log(Date.now()%100000, `page.getByLabel('Jazyk').selectOption('en')`.slice(0,70));
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Contacts' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Contacts' }).waitFor()`.slice(0,70));
  // a manager does not administer users or fields
  const links = await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents();
  assert.ok(!links.includes('Users') && !links.includes('Contact fields'), links.join(', '));
  await context.close(); console.log(Date.now()%100000, `context.close()`.slice(0,70));
});

test('an agent sees only what an agent may use; sign-out returns to the sign-in page', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'agent'); console.log(Date.now()%100000, `login(page, 'agent')`.slice(0,70));
  await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor(); console.log(Date.now()%100000, `page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor()`.slice(0,70));
  const links = await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents();
  assert.deepEqual(links.map((l) => l.replace(' ↗', '')), ['API tokens', 'API documentation']);

  // API tokens: create one (shown once), then revoke it
  await page.getByLabel('Token name').fill('CRM integration'); console.log(Date.now()%100000, `page.getByLabel('Token name').fill('CRM integration')`.slice(0,70));
  await page.getByRole('button', { name: '+ New token' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: '+ New token' }).click()`.slice(0,70));
  await waitForText(page.getByTestId('new-token'), /^pk_|\S{20,}/); console.log(Date.now()%100000, `waitForText(page.getByTestId('new-token'), /^pk_|\S{20,}/)`.slice(0,70));
  await page.getByRole('cell', { name: 'CRM integration' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('cell', { name: 'CRM integration' }).waitFor()`.slice(0,70));
  await shot(page, '05-tokens'); console.log(Date.now()%100000, `shot(page, '05-tokens')`.slice(0,70));
  await page.getByRole('button', { name: 'Revoke' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: 'Revoke' }).click()`.slice(0,70));
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click(); console.log(Date.now()%100000, `page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click()`.slice(0,70));
  await page.getByText('You have no API tokens.').waitFor(); console.log(Date.now()%100000, `page.getByText('You have no API tokens.').waitFor()`.slice(0,70));

  await page.getByRole('button', { name: 'Sign out' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: 'Sign out' }).click()`.slice(0,70));
  await page.getByRole('heading', { name: 'Sign in' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('heading', { name: 'Sign in' }).waitFor()`.slice(0,70));
  const me = await page.request.get('/api/auth/me');
  assert.equal(me.status(), 401);
  await context.close(); console.log(Date.now()%100000, `context.close()`.slice(0,70));
});

test('admin screens: users, contact fields, campaigns', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'admin'); console.log(Date.now()%100000, `login(page, 'admin')`.slice(0,70));
  const nav = page.getByRole('navigation', { name: 'Main menu' });

  await nav.getByRole('link', { name: 'Contact fields' }).click(); console.log(Date.now()%100000, `nav.getByRole('link', { name: 'Contact fields' }).click()`.slice(0,70));
  await page.getByLabel('Key').fill('Bad Key'); console.log(Date.now()%100000, `page.getByLabel('Key').fill('Bad Key')`.slice(0,70));
  await page.getByLabel('Label', { exact: true }).fill('Bad'); console.log(Date.now()%100000, `page.getByLabel('Label', { exact: true }).fill('Bad')`.slice(0,70));
  await page.getByRole('button', { name: '+ Add' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: '+ Add' }).click()`.slice(0,70));
  await page.locator('.field-error').first().waitFor(); // the API's error shown next to the key
  await page.getByLabel('Key').fill('vip'); console.log(Date.now()%100000, `page.getByLabel('Key').fill('vip')`.slice(0,70));
  await page.getByLabel('Label', { exact: true }).fill('VIP customer'); console.log(Date.now()%100000, `page.getByLabel('Label', { exact: true }).fill('VIP customer')`.slice(0,70));
  await page.getByLabel('Type').selectOption('boolean'); console.log(Date.now()%100000, `page.getByLabel('Type').selectOption('boolean')`.slice(0,70));
  await page.getByRole('button', { name: '+ Add' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: '+ Add' }).click()`.slice(0,70));
  await page.getByRole('cell', { name: 'VIP customer' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('cell', { name: 'VIP customer' }).waitFor()`.slice(0,70));
  await shot(page, '06-fields'); console.log(Date.now()%100000, `shot(page, '06-fields')`.slice(0,70));

  await nav.getByRole('link', { name: 'Users' }).click(); console.log(Date.now()%100000, `nav.getByRole('link', { name: 'Users' }).click()`.slice(0,70));
  await page.getByRole('button', { name: '+ New user' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: '+ New user' }).click()`.slice(0,70));
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Username').fill('jan.kowalski'); console.log(Date.now()%100000, `dialog.getByLabel('Username').fill('jan.kowalski')`.slice(0,70));
  await dialog.getByLabel('Full name').fill('Jan Kowalski'); console.log(Date.now()%100000, `dialog.getByLabel('Full name').fill('Jan Kowalski')`.slice(0,70));
  await dialog.getByLabel('Role').selectOption('agent'); console.log(Date.now()%100000, `dialog.getByLabel('Role').selectOption('agent')`.slice(0,70));
  await dialog.getByLabel('Password').fill('short'); console.log(Date.now()%100000, `dialog.getByLabel('Password').fill('short')`.slice(0,70));
  await dialog.getByRole('button', { name: 'Save' }).click(); console.log(Date.now()%100000, `dialog.getByRole('button', { name: 'Save' }).click()`.slice(0,70));
  await dialog.locator('.field-error').waitFor(); // too short: shown under the password
  await dialog.getByLabel('Password').fill('long-enough-password'); console.log(Date.now()%100000, `dialog.getByLabel('Password').fill('long-enough-password')`.slice(0,70));
  await dialog.getByRole('button', { name: 'Save' }).click(); console.log(Date.now()%100000, `dialog.getByRole('button', { name: 'Save' }).click()`.slice(0,70));
  await page.getByRole('cell', { name: 'Jan Kowalski' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('cell', { name: 'Jan Kowalski' }).waitFor()`.slice(0,70));
  await shot(page, '07-users'); console.log(Date.now()%100000, `shot(page, '07-users')`.slice(0,70));

  await nav.getByRole('link', { name: 'Campaigns' }).click(); console.log(Date.now()%100000, `nav.getByRole('link', { name: 'Campaigns' }).click()`.slice(0,70));
  await page.getByRole('button', { name: '+ New campaign' }).click(); console.log(Date.now()%100000, `page.getByRole('button', { name: '+ New campaign' }).click()`.slice(0,70));
  const cd = page.getByRole('dialog');
  assert.equal(await cd.getByLabel('Campaign ID').inputValue(), '10000'); // the next free id
  await cd.getByLabel('Name').fill('Oferta jesienna'); console.log(Date.now()%100000, `cd.getByLabel('Name').fill('Oferta jesienna')`.slice(0,70));
  await cd.getByRole('button', { name: 'Create' }).click(); console.log(Date.now()%100000, `cd.getByRole('button', { name: 'Create' }).click()`.slice(0,70));
  await page.getByRole('link', { name: 'Oferta jesienna' }).click(); console.log(Date.now()%100000, `page.getByRole('link', { name: 'Oferta jesienna' }).click()`.slice(0,70));
  await page.getByRole('heading', { name: '10000 · Oferta jesienna' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('heading', { name: '10000 · Oferta jesienna' }).waitFor()`.slice(0,70));
  await waitForText(page.getByTestId('campaign-total'), '0'); console.log(Date.now()%100000, `waitForText(page.getByTestId('campaign-total'), '0')`.slice(0,70));
  await shot(page, '08-campaign-detail'); console.log(Date.now()%100000, `shot(page, '08-campaign-detail')`.slice(0,70));
  await nav.getByRole('link', { name: 'Campaigns' }).click(); console.log(Date.now()%100000, `nav.getByRole('link', { name: 'Campaigns' }).click()`.slice(0,70));
  await page.getByRole('cell', { name: '10000' }).waitFor(); console.log(Date.now()%100000, `page.getByRole('cell', { name: '10000' }).waitFor()`.slice(0,70));
  await shot(page, '09-campaigns'); console.log(Date.now()%100000, `shot(page, '09-campaigns')`.slice(0,70));
  await context.close(); console.log(Date.now()%100000, `context.close()`.slice(0,70));
});
