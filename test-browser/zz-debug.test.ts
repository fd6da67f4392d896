import { test } from 'node:test';
import { login, shot, startBrowserApp } from './helpers.ts';
test('debug', async () => {
  const app = await startBrowserApp();
  const { page } = await app.newPage();
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  page.on('request', (r) => console.log('req', Date.now() % 100000, r.method(), r.url()));
  page.on('response', (r) => console.log('res', Date.now() % 100000, r.status(), r.url()));
  page.on('requestfailed', (r) => console.log('failed', r.url(), r.failure()?.errorText));
  try {
    await login(page, 'admin');
    console.log('logged in');
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor({ timeout: 5000 });
  } catch (e) {
    console.log('ERR', (e as Error).message.split('\n')[0]);
  }
  await shot(page, 'zz-debug');
  console.log((await page.content()).slice(0, 1500));
  await app.close();
});
