// AS-3 in the browser: with PARLEY_SYNC_ASSIGN_LIMIT=0 every assignment is a background job. Its
// progress shows in the jobs tray (fed by the one WebSocket), survives navigation and a reload
// (restored from GET /api/jobs?active=true), and the tray shows the finished result.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { type BrowserApp, login, shot, startBrowserApp, waitForText } from './helpers.ts';

const N = 12_000;
let app: BrowserApp;
before(async () => {
  // the worker starts later, by hand, so the test can look at the queued job first
  app = await startBrowserApp({ PARLEY_SYNC_ASSIGN_LIMIT: '0' }, { startJobs: false });
  const now = app.ctx.clock.now();
  await app.ctx.db.execute(sql`
    insert into contacts (first_name, last_name, street, house_number, city, postal_code, region, phone1, phone1_raw, source, created_at, updated_at)
    select 'Jan', 'Poznański ' || g, 'Ulica ' || (g % 400), (g % 90 + 1)::text, 'Poznań', '60-' || lpad((g % 1000)::text, 3, '0'), 'wielkopolskie',
           '+48' || (600000000 + g)::text, (600000000 + g)::text, 'import', ${now}, ${now}
    from generate_series(1, ${N}) g`);
  assert.equal((await app.ctx.api('admin', 'POST', '/api/campaigns', { name: 'Wielkopolska — duża wysyłka' })).status, 201);
});
after(() => app?.close());

test('a large assignment runs as a job; the tray shows its progress across navigation and reload', async () => {
  const { context, page } = await app.newPage();
  // the browser notes every WebSocket message with its arrival time (the test process shares its
  // event loop with the server, so it cannot watch the socket in real time itself)
  await context.addInitScript(() => {
    const g = globalThis as unknown as {
      WebSocket: new (...a: unknown[]) => { addEventListener(t: string, l: (e: { data: unknown }) => void): void };
      wsLog: [number, string][];
    };
    const Native = g.WebSocket;
    g.wsLog = [];
    g.WebSocket = class extends Native {
      constructor(...a: unknown[]) {
        super(...a);
        this.addEventListener('message', (e) => g.wsLog.push([Date.now(), String(e.data)]));
      }
    } as typeof Native;
  });
  await login(page, 'manager');

  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Poznań');
  await page.getByRole('button', { name: 'Refresh record count' }).click();
  await waitForText(page.getByTestId('record-count'), 'Number of records: 12,000');
  await page.getByRole('button', { name: '+ Assign to campaign', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await waitForText(dialog.getByTestId('assign-free'), '12,000');
  await dialog.getByLabel('Campaign', { exact: true }).fill('duża');
  await dialog.getByRole('button', { name: /Wielkopolska/ }).click();
  await waitForText(dialog.getByTestId('assign-eligible'), '12,000');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.getByText('Assigning in the background').waitFor();

  // the tray shows the job, waiting for the worker
  const tray = page.getByRole('region', { name: 'Background tasks' });
  const job = tray.locator('.tray-job').first();
  await waitForText(job, 'Assigning 12,000 to 10000 Wielkopolska');
  assert.equal(await job.getAttribute('data-state'), 'queued');
  const jobId = Number(await job.getAttribute('data-job-id'));
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  // navigation keeps it; a reload restores it from GET /api/jobs?active=true
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  await nav.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  await tray.locator('.tray-job').first().waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  await waitForText(tray.locator('.tray-job').first(), 'Assigning 12,000');
  assert.equal(await tray.locator('.tray-job').first().getAttribute('data-state'), 'queued');
  await shot(page, '19-jobs-tray-queued');

  // a progress message over the WebSocket moves the bar (the one the job publishes after a batch)
  await page.waitForFunction(() => (globalThis as unknown as { wsLog: [number, string][] }).wsLog.some(([, m]) => m.includes('hello')));
  app.ctx.events.publish({
    type: 'job.progress',
    jobId,
    kind: 'contacts.assign',
    userId: app.ctx.users.manager ?? null,
    progress: { total: N, done: 6_000, added: 6_000, skippedInUse: 0, skippedBlocked: 0, skippedDuplicate: 0 },
  });
  await waitForText(tray.locator('.tray-job').first(), '50% · 6,000 of 12,000 processed, 6,000 added');
  assert.equal(await tray.getByRole('progressbar').getAttribute('aria-valuenow'), '50');
  await shot(page, '20-jobs-tray-running');

  // the worker runs the job for real; we move around meanwhile
  await app.ctx.jobs.start();
  await nav.getByRole('link', { name: 'Contacts' }).click();
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  await tray.locator('.tray-job').first().waitFor();
  await nav.getByRole('link', { name: 'Campaigns' }).click();
  await tray.locator('.tray-job[data-state="done"]').waitFor({ timeout: 60_000 });
  await waitForText(tray.locator('.tray-job').first(), 'Done: 12,000 of 12,000 added');
  await shot(page, '21-jobs-tray-done');

  // the real job's progress reached the browser before it finished, over the one socket
  const log = await page.evaluate(() =>
    (globalThis as unknown as { wsLog: [number, string][] }).wsLog.map(([, m]) => JSON.parse(m) as { type: string; progress?: { done?: number } }),
  );
  const real = log.filter((m) => (m.type === 'job.progress' && m.progress?.done !== 6_000) || m.type === 'job.finished');
  assert.ok(real.filter((m) => m.type === 'job.progress').length >= 2, JSON.stringify(log));
  assert.equal(real[real.length - 1].type, 'job.finished');

  // the campaign really has them
  await page.getByRole('link', { name: 'Wielkopolska — duża wysyłka' }).click();
  await waitForText(page.getByTestId('campaign-total'), '12,000');
  await waitForText(page.getByTestId('campaign-unused'), '12,000');
  await context.close();
});
