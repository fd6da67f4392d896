// AG-1, ST-3, QL-2/3, AS-6 in the browser: an agent logs in to a running preview campaign, works
// three cases (card, script, outcome, status, note; the date picker only for a "my record"
// status), sees the private callback in "My callbacks", gets the fresh cases meanwhile, is told
// by a push when the callback is due, and gets exactly that case back; a second agent is never
// offered it. Also: server field errors next to the field, pause/ready, blockers, log out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type BrowserApp, login, PASSWORD, shot, startBrowserApp, waitForText } from './helpers.ts';

let app: BrowserApp;
let campaignId: number;

// created in this order; assignment orders them by address (AS-6): Akacjowa, Brzozowa, Dębowa, Lipowa, Polna, Różana
const people = [
  { firstName: 'Piotr', lastName: 'Nowak', street: 'Różana', phone1: '600 100 001' },
  { firstName: 'Anna', lastName: 'Kowalska', street: 'Akacjowa', phone1: '600 100 002' },
  { firstName: 'Jan', lastName: 'Wiśniewski', street: 'Lipowa', phone1: '600 100 003' },
  { firstName: 'Ewa', lastName: 'Wójcik', street: 'Brzozowa', phone1: '600 100 004' },
  { firstName: 'Maria', lastName: 'Kamińska', street: 'Polna', phone1: '600 100 005' },
  { firstName: 'Adam', lastName: 'Lewandowski', street: 'Dębowa', phone1: '600 100 006' },
];
const order = ['Anna Kowalska', 'Ewa Wójcik', 'Adam Lewandowski', 'Jan Wiśniewski', 'Maria Kamińska', 'Piotr Nowak'];
const phoneOf = (name: string) => people.find((p) => `${p.firstName} ${p.lastName}` === name)?.phone1 ?? '';

const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

before(async () => {
  app = await startBrowserApp();
  const { api, users } = app.ctx;
  let n = 0;
  for (const p of people) {
    n++;
    const r = await api('admin', 'POST', '/api/contacts', {
      ...p,
      houseNumber: String(n),
      city: 'Kraków',
      postalCode: `31-00${n}`,
      email: `klient${n}@example.pl`,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const c = await api('admin', 'POST', '/api/campaigns', {
    name: 'Oferta jesienna 2026',
    agentIds: [users.agent],
    mode: 'preview',
    previewSeconds: 30,
    script: [
      { kind: 'text', text: 'Dzień dobry, dzwonię z Parley w sprawie jesiennej oferty.' },
      { kind: 'question', key: 'interest', label: 'Interested in the offer?', options: ['Very', 'A little', 'Not at all'] },
      { kind: 'checkbox', key: 'marketing', label: 'Agrees to marketing' },
      { kind: 'field', key: 'plan', label: 'Preferred plan', type: 'text' },
    ],
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  campaignId = c.body.id;
  // the harness clock is the real now: open the campaign and the contacts' local window all day
  const hours = await api('admin', 'PATCH', `/api/campaigns/${campaignId}`, { workingHours: allWeek, localWindow: { start: '00:00', end: '24:00' } });
  assert.equal(hours.status, 200, JSON.stringify(hours.body));
  const st = await api('admin', 'POST', `/api/campaigns/${campaignId}/statuses`, { name: 'Callback me', systemStatus: 'my_record' });
  assert.equal(st.status, 201, JSON.stringify(st.body));
  const assigned = await api('admin', 'POST', '/api/assignments', { campaignId, filter: {} });
  assert.equal(assigned.body.added, people.length, JSON.stringify(assigned.body));
  const run = await api('admin', 'POST', `/api/campaigns/${campaignId}/state`, { state: 'running' });
  assert.equal(run.status, 200, JSON.stringify(run.body));
});
after(() => app?.close());

/** The local "YYYY-MM-DDTHH:MM" of a datetime-local input in the browser's time zone. */
const localInput = (page: Page, ms: number) =>
  page.evaluate((t) => {
    const d = new Date(t);
    const p = (x: number) => String(x).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);

test('an agent works cases in preview, sets a private callback and gets it back when it is due', async () => {
  const { ctx } = app;
  const { context, page } = await app.newPage();
  await login(page, 'agent');
  // "My work" is the agent's home
  await page.waitForURL('**/agent');
  const bar = page.getByRole('region', { name: 'My state' });
  await waitForText(bar.getByTestId('agent-state'), 'Logged out');
  const nextCase = page.getByRole('button', { name: 'Next case', exact: true });
  assert.equal(await nextCase.isDisabled(), true, 'no case before logging in');

  // ---- log in to the campaign ----
  await page.getByRole('checkbox', { name: /Oferta jesienna 2026/ }).check();
  await shot(page, 'agent-01-login');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await waitForText(bar.getByTestId('agent-state'), 'Ready');
  await waitForText(bar, 'Oferta jesienna 2026');
  const callbacks = page.getByRole('complementary', { name: 'My callbacks' });
  await waitForText(callbacks, 'You have no callbacks planned.');

  const caseCard = page.locator('section.agent-case');
  const result = page.getByRole('form', { name: 'Result of the call' });
  const caseIds: number[] = [];

  // ---- case 1: the first by address (AS-6); a save without a status shows the server's error next to the picker ----
  await nextCase.click();
  await waitForText(caseCard.getByRole('heading', { level: 2 }), order[0]);
  await waitForText(bar.getByTestId('agent-state'), 'Preview');
  assert.equal(await page.evaluate('document.activeElement?.textContent'), order[0], 'the new case has the focus');
  caseIds.push(Number(await caseCard.getAttribute('data-case-id')));
  const call = caseCard.getByRole('link', { name: `Call ${phoneOf(order[0])}` });
  assert.equal(await call.getAttribute('href'), `tel:+48${phoneOf(order[0]).replace(/ /g, '')}`);
  await caseCard.getByRole('timer', { name: 'Before-call work time left' }).waitFor();
  await waitForText(caseCard.getByTestId('agent-preview'), 'Before-call work');
  await waitForText(caseCard, 'Akacjowa 2, 31-002 Kraków');
  await waitForText(caseCard, 'klient2@example.pl');
  await waitForText(caseCard.getByTestId('agent-case-state'), 'New');
  await waitForText(caseCard, 'Dzień dobry, dzwonię z Parley');
  // only the statuses the card offers, as radio buttons; no date picker without a status that takes one
  for (const s of ['Call', 'Do not call', 'Callback me']) await result.getByRole('radio', { name: s, exact: true }).waitFor();
  assert.equal(await result.getByRole('radio').count(), 5 + 3, 'five outcomes and three statuses');
  assert.equal(await page.getByLabel('Date of next contact').count(), 0);
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  const statusGroup = result.getByRole('group', { name: 'Status' });
  await waitForText(statusGroup.getByRole('alert'), 'Choose a status');
  await shot(page, 'agent-02-case-error');
  // the script: answers go with the result
  await caseCard.getByRole('radio', { name: 'Very', exact: true }).check();
  await caseCard.getByRole('checkbox', { name: 'Agrees to marketing' }).check();
  await caseCard.getByLabel('Preferred plan').fill('Rodzina 5G');
  await result.getByRole('radio', { name: 'Answered', exact: true }).check();
  await result.getByRole('radio', { name: 'Do not call', exact: true }).check();
  await result.getByLabel('Note').fill('Nie jest zainteresowana');
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('region', { name: 'Work area' }).getByRole('status'), `${order[0]} saved with the status “Do not call”`);
  await waitForText(bar.getByTestId('agent-state'), 'Ready');
  assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Next case', 'ready for the next case');
  const attempts1 = await ctx.api('admin', 'GET', `/api/campaigns/${campaignId}/attempts`);
  assert.equal(attempts1.status, 200);
  assert.match(JSON.stringify(attempts1.body), /Rodzina 5G/, 'the script answers are stored with the attempt');

  // ---- case 2: no answer, "Call" (the system calls again later) ----
  await nextCase.click();
  await waitForText(caseCard.getByRole('heading', { level: 2 }), order[1]);
  caseIds.push(Number(await caseCard.getAttribute('data-case-id')));
  await result.getByRole('radio', { name: 'No answer', exact: true }).check();
  await result.getByRole('radio', { name: 'Call', exact: true }).check();
  assert.equal(await page.getByLabel('Date of next contact').count(), 0, 'ST-3: "Call" takes no date');
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('region', { name: 'Work area' }).getByRole('status'), `${order[1]} saved with the status “Call”`);

  // ---- case 3: "Callback me" (my record) needs a date: the server's error sits under the picker ----
  await nextCase.click();
  await waitForText(caseCard.getByRole('heading', { level: 2 }), order[2]);
  const callbackCaseId = Number(await caseCard.getAttribute('data-case-id'));
  caseIds.push(callbackCaseId);
  await result.getByRole('radio', { name: 'Answered', exact: true }).check();
  await result.getByRole('radio', { name: 'Callback me', exact: true }).check();
  const picker = result.getByLabel('Date of next contact');
  await picker.waitFor();
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  const pickerField = result.locator('.field', { has: page.getByLabel('Date of next contact') });
  await waitForText(pickerField.locator('.field-error'), 'Pick the date of the next contact');
  const callbackAt = ctx.clock.now().getTime() + 2 * 3600_000;
  await picker.fill(await localInput(page, callbackAt));
  await result.getByLabel('Note').fill('Prosi o telefon po obiedzie');
  await shot(page, 'agent-03-callback-picker');
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('region', { name: 'Work area' }).getByRole('status'), `${order[2]} saved; your callback is set for`);
  assert.deepEqual(
    caseIds,
    [...caseIds].sort((a, b) => a - b),
    'cases come in assignment order',
  );

  // ---- "My callbacks" lists it, not due yet ----
  const item = callbacks.locator(`li[data-case-id="${callbackCaseId}"]`);
  await waitForText(item, order[2]);
  await waitForText(item, phoneOf(order[2]));
  await waitForText(item, 'Callback me');
  assert.equal(await item.getByText('Due', { exact: true }).count(), 0);
  await item.getByRole('button', { name: `When will the callback to ${order[2]} come?` }).click();
  await waitForText(item.locator('.agent-why'), 'Private callback for agent');
  await shot(page, 'agent-04-callbacks');

  // ---- meanwhile the next cases are the fresh ones, not the callback ----
  await nextCase.click();
  await waitForText(caseCard.getByRole('heading', { level: 2 }), order[3]);
  await waitForText(caseCard, 'New contact');
  await result.getByRole('radio', { name: 'Busy', exact: true }).check();
  await result.getByRole('radio', { name: 'Call', exact: true }).check();
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('region', { name: 'Work area' }).getByRole('status'), `${order[3]} saved`);
  await nextCase.click();
  await waitForText(caseCard.getByRole('heading', { level: 2 }), order[4]);
  // give it back unchanged: it stays fresh for whoever asks next
  await page.getByRole('button', { name: 'Give back', exact: true }).click();
  await waitForText(page.getByRole('region', { name: 'Work area' }).getByRole('status'), 'The case went back to the queue unchanged.');

  // ---- pause and ready ----
  await bar.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitForText(bar.getByTestId('agent-state'), 'Paused');
  assert.equal(await nextCase.isDisabled(), true, 'no cases while paused');
  await bar.getByRole('button', { name: 'Ready', exact: true }).click();
  await waitForText(bar.getByTestId('agent-state'), 'Ready');

  // ---- the callback's time comes: a push tells the panel, without a reload ----
  ctx.clock.advance(2 * 3600_000 + 60_000);
  await ctx.jobs.runDue();
  const notice = page.getByRole('alert').filter({ hasText: 'Callback due:' });
  await waitForText(notice, `Callback due: ${order[2]}`);
  await item.getByText('Due', { exact: true }).waitFor();
  await shot(page, 'agent-05-callback-due');

  // QL-3: a second agent of the campaign is not offered the private callback, even now that it is due
  const created = await ctx.api('admin', 'POST', '/api/users', { username: 'agent2', displayName: 'Druga Agentka', role: 'agent', password: PASSWORD });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const agentIds = [ctx.users.agent, created.body.id];
  assert.equal((await ctx.api('admin', 'PATCH', `/api/campaigns/${campaignId}`, { agentIds })).status, 200);
  const second = await secondAgent(created.body.username);
  assert.equal((await second('POST', '/api/agent/login', { campaignIds: [campaignId] })).status, 200);
  const offeredToSecond: number[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await second('POST', '/api/agent/next');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (!r.body.case) break;
    offeredToSecond.push(r.body.case.case.id);
    const saved = await second('POST', `/api/cases/${r.body.case.case.id}/result`, { outcome: 'busy', statusId: statusId(r.body.case, 'Call') });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  }
  assert.ok(offeredToSecond.length >= 1, 'the second agent got the other cases');
  assert.ok(!offeredToSecond.includes(callbackCaseId), `the private callback ${callbackCaseId} was offered to another agent: ${offeredToSecond}`);
  assert.equal((await second('GET', `/api/cases/${callbackCaseId}`)).status, 403, 'nor may they open it');

  // ---- "Next case" gives the agent exactly that callback ----
  await notice.getByRole('button', { name: 'Take it now' }).click();
  await waitForText(caseCard.getByRole('heading', { level: 2 }), order[2]);
  assert.equal(Number(await caseCard.getAttribute('data-case-id')), callbackCaseId);
  await waitForText(caseCard, 'Your callback');
  await waitForText(caseCard.getByTestId('agent-case-state'), 'Callback me');
  assert.equal(await notice.count(), 0, 'the notice goes once the case is open');
  // the record: the previous attempt, the history (who, from → to, note) and the timeline
  const record = page.getByRole('region', { name: 'Case record' });
  const history = record.getByRole('table', { name: 'Case history' });
  await waitForText(history.locator('tbody tr').first(), 'agent');
  await waitForText(history.locator('tbody tr').first(), '→ Callback me');
  await waitForText(history.locator('tbody tr').first(), 'Prosi o telefon po obiedzie');
  await waitForText(record.getByRole('table', { name: 'Previous attempts' }).locator('tbody tr').first(), 'Answered');
  await waitForText(record.getByRole('list', { name: 'Contact timeline' }), 'Status set');
  await shot(page, 'agent-06-callback-case');
  await result.getByRole('radio', { name: 'Answered', exact: true }).check();
  await result.getByRole('radio', { name: 'Do not call', exact: true }).check();
  await result.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(callbacks, 'You have no callbacks planned.');

  // ---- nothing left now: the panel says why, per campaign ----
  await nextCase.click();
  const blockers = page.getByRole('region', { name: 'No case to work now' });
  await waitForText(blockers, 'Oferta jesienna 2026');
  await waitForText(blockers, 'No contact is waiting to be called now');
  assert.equal((await ctx.api('admin', 'POST', `/api/campaigns/${campaignId}/state`, { state: 'paused' })).status, 200);
  await nextCase.click();
  await waitForText(blockers, 'The campaign is not running.');
  await shot(page, 'agent-07-blockers');

  // ---- log out ----
  await bar.getByRole('button', { name: 'Log out', exact: true }).click();
  await waitForText(bar.getByTestId('agent-state'), 'Logged out');
  // the panel speaks the agent's language
  await page.getByLabel('Language').selectOption('pl');
  await page.getByRole('heading', { name: 'Moja praca' }).waitFor();
  await waitForText(page.getByRole('region', { name: 'Mój stan' }).getByTestId('agent-state'), 'Wylogowany');
  await page.getByRole('button', { name: 'Zaloguj', exact: true }).waitFor();
  await shot(page, 'agent-08-polish');
  await context.close();
});

function statusId(card: { statuses: { id: number; name: string }[] }, name: string): number {
  const s = card.statuses.find((x) => x.name === name);
  assert.ok(s, `status ${name} in the card`);
  return s.id;
}

/** Requests as a user the harness did not create (signs in once, keeps the cookie). */
async function secondAgent(username: string) {
  const res = await app.ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = `parley_session=${res.cookies.find((c) => c.name === 'parley_session')?.value}`;
  return async (method: string, url: string, payload?: unknown) => {
    const r = await app.ctx.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, body: r.json() };
  };
}
