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
  await page.goto('/');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForText(page.getByRole('alert'), 'Wrong username or password');
  await shot(page, '01-login-error');

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/contacts');
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  for (const item of ['Contacts', 'Import', 'Campaigns', 'Contact fields', 'Users', 'API tokens', 'API documentation']) {
    await nav.getByRole('link', { name: item }).waitFor();
  }
  // the session survives a reload (HttpOnly cookie + GET /api/auth/me)
  await page.reload();
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  await shot(page, '02-contacts-empty');
  await context.close();
});

test('the language switch translates the UI and is saved on the user', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'manager');
  await page.getByLabel('Language').selectOption('pl');
  const nav = page.getByRole('navigation', { name: 'Menu główne' });
  await nav.getByRole('link', { name: 'Kontakty' }).waitFor();
  await nav.getByRole('link', { name: 'Kampanie' }).waitFor();
  await page.getByRole('button', { name: 'Odśwież liczbę rekordów' }).waitFor();
  await page.getByRole('button', { name: 'Pokaż', exact: true }).waitFor();
  await page.getByRole('button', { name: '+ Przydziel do kampanii' }).waitFor();
  await page.getByText('Ostatnio nieużywane').waitFor();
  await shot(page, '03-contacts-pl');

  // saved with PATCH /api/auth/me: the server knows, and a reload keeps Polish
  const deadline = Date.now() + 5000;
  let language = '';
  while (Date.now() < deadline && language !== 'pl') {
    language = (await app.ctx.api('manager', 'GET', '/api/auth/me')).body.user.language;
  }
  assert.equal(language, 'pl');
  await page.reload();
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Kontakty' }).waitFor();

  await page.getByLabel('Język').selectOption('cs');
  await page.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Kampaně' }).waitFor();
  await page.getByRole('button', { name: 'Obnovit počet záznamů' }).waitFor();
  await page.getByRole('button', { name: '+ Přiřadit do kampaně' }).waitFor();
  await shot(page, '04-contacts-cs');

  await page.getByLabel('Jazyk').selectOption('en');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Contacts' }).waitFor();
  // a manager does not administer users or fields
  const links = await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents();
  assert.ok(!links.includes('Users') && !links.includes('Contact fields'), links.join(', '));
  await context.close();
});

test('an agent sees only what an agent may use; sign-out returns to the sign-in page', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'agent');
  // the agent's home is the agent panel
  await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
  const links = await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents();
  assert.deepEqual(
    links.map((l) => l.replace(' ↗', '')),
    ['My work', 'Tickets', 'API tokens', 'API documentation'],
  );
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'API tokens' }).click();
  await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();

  // API tokens: create one (shown once), then revoke it
  await page.getByLabel('Token name').fill('CRM integration');
  await page.getByRole('button', { name: '+ New token' }).click();
  await waitForText(page.getByTestId('new-token'), /^pk_|\S{20,}/);
  await page.getByRole('cell', { name: 'CRM integration' }).waitFor();
  await shot(page, '05-tokens');
  await page.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await page.getByText('You have no API tokens.').waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const me = await page.request.get('/api/auth/me');
  assert.equal(me.status(), 401);
  await context.close();
});

test('admin screens: users, contact fields, campaigns', async () => {
  const { context, page } = await app.newPage();
  await login(page, 'admin');
  const nav = page.getByRole('navigation', { name: 'Main menu' });

  await nav.getByRole('link', { name: 'Contact fields' }).click();
  await page.getByLabel('Key').fill('Bad Key');
  await page.getByLabel('Label', { exact: true }).fill('Bad');
  await page.getByRole('button', { name: '+ Add' }).click();
  await page.locator('.field-error').first().waitFor(); // the API's error shown next to the key
  await page.getByLabel('Key').fill('vip');
  await page.getByLabel('Label', { exact: true }).fill('VIP customer');
  await page.getByLabel('Type').selectOption('boolean');
  await page.getByRole('button', { name: '+ Add' }).click();
  await page.getByRole('cell', { name: 'VIP customer' }).waitFor();
  await shot(page, '06-fields');

  await nav.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: '+ New user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Username').fill('jan.kowalski');
  await dialog.getByLabel('Full name').fill('Jan Kowalski');
  await dialog.getByLabel('Role').selectOption('agent');
  await dialog.getByLabel('Password').fill('short');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.locator('.field-error').waitFor(); // too short: shown under the password
  await dialog.getByLabel('Password').fill('long-enough-password');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name: 'Jan Kowalski' }).waitFor();
  await shot(page, '07-users');

  await nav.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  const cd = page.getByRole('dialog');
  // the next free id arrives from the server after the dialog opens
  await cd.getByLabel('Campaign ID').evaluate(
    (el: { value: string }) =>
      new Promise<void>((resolve) => {
        const check = () => (el.value ? resolve() : setTimeout(check, 50));
        check();
      }),
  );
  assert.equal(await cd.getByLabel('Campaign ID').inputValue(), '10000');
  await cd.getByLabel('Name').fill('Oferta jesienna');
  await cd.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: 'Oferta jesienna' }).click();
  await page.getByRole('heading', { name: '10000 · Oferta jesienna' }).waitFor();
  await waitForText(page.getByTestId('campaign-total'), '0');
  await shot(page, '08-campaign-detail');
  await nav.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('cell', { name: '10000' }).waitFor();
  await shot(page, '09-campaigns');
  await context.close();
});
