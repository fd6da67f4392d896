// Issue 5, outgoing mail: SMTP accounts (the password never leaves), templates (placeholders,
// unknown ones refused, preview) and the three e-mail actions called with a real case against a
// real SMTP server on 127.0.0.1 — sender, recipient, body, the XML attachment parsed back, and a
// retry that sends nothing twice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestContext } from '../../../test/harness.ts';
import { startSmtpSink } from '../../../test/smtp-sink.ts';
import { find, findAll, parseXml } from '../../../test/strict-xml.ts';
import { rows } from '../../db/query.ts';
import { type ActionContext, ActionFailure } from '../actions/handler.ts';
import { loginToCampaigns, saveResult, takeNextCase, type WorkDeps } from '../agents/work.ts';
import { mailActionHandlers } from './actions.ts';
import { smtpMailer } from './mailer.ts';

const ctx = await createTestContext();
const sink = await startSmtpSink({ refuse: ['nobody@example.pl'] });
after(async () => {
  await sink.close();
  await ctx.close();
});
const work: WorkDeps = { db: ctx.db, events: ctx.events, jobs: ctx.jobs, leaseMinutes: 60 };

let accountId = 0;
let caseId = 0;
let campaignId = 0;
let contactId = 0;

const account = (over: Record<string, unknown> = {}) => ({
  name: 'Office',
  host: '127.0.0.1',
  port: sink.port,
  security: 'none',
  username: 'parley',
  password: 's3cret-pass',
  fromAddress: 'cc@parley.example',
  fromName: 'Parley CC',
  ...over,
});

before(async () => {
  assert.equal((await ctx.api('admin', 'POST', '/api/fields', { key: 'pesel', label: 'PESEL', type: 'text' })).status, 201);
  const ct = await ctx.api('manager', 'POST', '/api/contacts', {
    firstName: 'Zofia',
    lastName: 'Wójcik & <Syn>',
    city: 'Kraków',
    phone1: '+48501234567',
    email: 'zofia@example.pl',
    custom: { pesel: '90010112345' },
  });
  assert.equal(ct.status, 201, ct.res.body);
  contactId = ct.body.id;
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Mail campaign', agentIds: [ctx.users.agent] });
  campaignId = c.body.id;
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId, filter: { city: 'Kraków' } })).status, 200);
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${campaignId}/state`, { state: 'running' })).status, 200);
  // one real attempt, so the case has attempts, history and script answers
  await loginToCampaigns(work, ctx.users.agent as number, [campaignId], ctx.clock.now());
  const taken = await takeNextCase(work, ctx.users.agent as number, ctx.clock.now());
  caseId = taken.caseId as number;
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${campaignId}/statuses`)).body as { id: number; name: string }[];
  await saveResult(
    work,
    ctx.users.agent as number,
    caseId,
    { outcome: 'answered', statusId: statuses[0].id, note: 'said "call me" <later>', answers: { product: 'Fibre 600' } },
    ctx.clock.now(),
  );
});

test('SMTP accounts: CRUD by managers, the password is never in a response, an update without one keeps it', async () => {
  const created = await ctx.api('manager', 'POST', '/api/mail/accounts', account());
  assert.equal(created.status, 201, created.res.body);
  accountId = created.body.id;
  assert.equal(created.body.hasPassword, true);
  assert.equal(created.body.isDefault, true, 'the first account is the default');
  const responses = [created.res.body];
  const list = await ctx.api('admin', 'GET', '/api/mail/accounts');
  responses.push(list.res.body);
  const { password: _omit, ...noPassword } = account({ name: 'Office 2' });
  const updated = await ctx.api('manager', 'PUT', `/api/mail/accounts/${accountId}`, noPassword);
  assert.equal(updated.status, 200, updated.res.body);
  responses.push(updated.res.body);
  assert.equal(updated.body.hasPassword, true, 'kept');
  const [stored] = await rows<{ password: string }>(ctx.db, sql`select password from smtp_accounts where id = ${accountId}`);
  assert.equal(stored.password, 's3cret-pass');
  responses.push((await ctx.api('manager', 'GET', '/openapi.json')).res.body);
  for (const body of responses) assert.ok(!body.includes('s3cret-pass'), 'no response carries the password');
  assert.ok(!list.body[0].password && !('password' in list.body[0]));

  const second = await ctx.api('manager', 'POST', '/api/mail/accounts', account({ name: 'Backup', isDefault: true, password: null }));
  assert.equal(second.body.hasPassword, false);
  const after = (await ctx.api('manager', 'GET', '/api/mail/accounts')).body as { id: number; isDefault: boolean }[];
  assert.deepEqual(
    after.filter((a) => a.isDefault).map((a) => a.id),
    [second.body.id],
    'one default',
  );
  assert.equal((await ctx.api('manager', 'POST', '/api/mail/accounts', account({ name: 'Backup' }))).body.code, 'conflict');
  assert.equal((await ctx.api('manager', 'POST', '/api/mail/accounts', account({ name: 'X', port: 0 }))).body.field, 'port');
  assert.equal((await ctx.api('supervisor', 'GET', '/api/mail/accounts')).status, 403);
  assert.equal((await ctx.api('manager', 'DELETE', `/api/mail/accounts/${second.body.id}`)).status, 204);
  await ctx.api('manager', 'PUT', `/api/mail/accounts/${accountId}`, { ...noPassword, name: 'Office', isDefault: true });
});

test('"send a test mail" goes through the account to the SMTP server', async () => {
  const before = sink.mails.length;
  const r = await ctx.api('manager', 'POST', `/api/mail/accounts/${accountId}/test`, { to: 'boss@example.pl' });
  assert.equal(r.status, 200, r.res.body);
  const [m] = (await sink.waitFor(before + 1)).slice(before);
  assert.equal(m.parsed.from?.value[0].address, 'cc@parley.example');
  assert.equal(m.parsed.from?.value[0].name, 'Parley CC');
  assert.deepEqual(m.envelopeTo, ['boss@example.pl']);
  assert.match(m.parsed.subject ?? '', /test mail/);

  const dead = await ctx.api('manager', 'POST', '/api/mail/accounts', account({ name: 'Dead', port: 1 }));
  const refused = await ctx.api('manager', 'POST', `/api/mail/accounts/${dead.body.id}/test`, { to: 'boss@example.pl' });
  assert.equal(refused.status, 502);
  assert.equal(refused.body.code, 'mail_failed');
  await ctx.api('manager', 'DELETE', `/api/mail/accounts/${dead.body.id}`);
});

test('templates: placeholders of contact (standard and custom), case and agent; unknown ones refused at save; preview', async () => {
  const bad = await ctx.api('manager', 'POST', '/api/mail/templates', { name: 'Bad', subject: 'Hi {{contact.nickname}}', bodyText: 'x {{case.wat}}' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'subject');
  assert.deepEqual(bad.body.details.unknown, ['contact.nickname']);

  const t = await ctx.api('manager', 'POST', '/api/mail/templates', {
    name: 'Offer',
    subject: 'Offer for {{contact.firstName}} {{contact.lastName}}',
    bodyText:
      'Dear {{contact.firstName}},\n\nCampaign {{case.campaign}}, status {{case.status}}, attempts {{case.attempts}}.\nPESEL {{contact.pesel}}, product {{case.answers.product}}.\nAgent: {{agent.name}}',
  });
  assert.equal(t.status, 201, t.res.body);
  assert.equal(t.body.recipient, '{{contact.email}}');
  const list = await ctx.api('supervisor', 'GET', '/api/mail/templates');
  assert.equal(list.status, 200, 'the action picker reads the list');
  assert.ok(list.body.some((x: { name: string }) => x.name === 'Offer'));

  const p = await ctx.api('manager', 'POST', `/api/mail/templates/${t.body.id}/preview`, { caseId });
  assert.equal(p.status, 200, p.res.body);
  assert.equal(p.body.to, 'zofia@example.pl');
  assert.equal(p.body.subject, 'Offer for Zofia Wójcik & <Syn>');
  assert.match(p.body.text, /Campaign Mail campaign, status [^,]+, attempts 1\./);
  assert.match(p.body.text, /PESEL 90010112345, product Fibre 600\./);
  assert.match(p.body.text, /Agent: agent/);
  assert.match(p.body.html, /Wójcik &amp; &lt;Syn&gt;|<p>Dear Zofia,<\/p>/);
  assert.ok(!p.body.html.includes('<Syn>'), 'values are escaped in HTML');

  const ph = await ctx.api('manager', 'GET', '/api/mail/placeholders');
  assert.ok(ph.body.contact.includes('contact.pesel'));
  assert.ok(ph.body.case.includes('case.callbackAt'));
  assert.equal((await ctx.api('manager', 'POST', `/api/mail/templates/${t.body.id}/preview`, { caseId: 999999 })).status, 404);
});

function actionCtx(kind: ActionContext['kind'], param: string, key: string): ActionContext {
  return { db: ctx.db, kind, param, caseId, campaignId, contactId, idempotencyKey: key, now: ctx.clock.now() };
}

test('email_case: every case and contact field in the body, from the default account to the parameter address', async () => {
  const handlers = mailActionHandlers({ mailer: ctx.deps.mailer });
  const before = sink.mails.length;
  const out = await handlers.email_case?.(actionCtx('email_case', 'office@example.pl', 'k-case-1'));
  assert.match(out?.detail ?? '', /sent to office@example.pl/);
  const [m] = (await sink.waitFor(before + 1)).slice(before);
  assert.equal(m.envelopeFrom, 'cc@parley.example');
  assert.deepEqual(m.envelopeTo, ['office@example.pl']);
  const text = m.parsed.text ?? '';
  for (const s of [
    'Zofia',
    'Wójcik & <Syn>',
    'Kraków',
    '+48501234567',
    'zofia@example.pl',
    'PESEL: 90010112345',
    'Mail campaign',
    'Attempts: 1',
    'product: Fibre 600',
  ])
    assert.ok(text.includes(s), `body has ${s}`);
  assert.equal(m.parsed.attachments.length, 0);
});

test('email_case_xml: the same plus case-<id>.xml, well-formed and escaped, parsed back', async () => {
  const handlers = mailActionHandlers({ mailer: ctx.deps.mailer });
  const before = sink.mails.length;
  await handlers.email_case_xml?.(actionCtx('email_case_xml', 'office@example.pl', 'k-xml-1'));
  const [m] = (await sink.waitFor(before + 1)).slice(before);
  assert.equal(m.parsed.attachments.length, 1);
  const att = m.parsed.attachments[0];
  assert.equal(att.filename, `case-${caseId}.xml`);
  const xml = att.content.toString('utf8');
  // parsed back by a strict reader: a bare & or < would throw
  const doc = parseXml(xml);
  assert.equal(doc.name, 'case');
  assert.equal(doc.attrs.id, String(caseId));
  assert.equal(find(doc, 'contact/lastName')?.text, 'Wójcik & <Syn>');
  assert.equal(find(doc, 'contact/customFields/field')?.attrs.key, 'pesel');
  assert.equal(find(doc, 'contact/customFields/field')?.text, '90010112345');
  assert.equal(find(doc, 'attempts')?.text, '1');
  assert.equal(find(doc, 'attemptList/attempt/note')?.text, 'said "call me" <later>');
  assert.equal(find(doc, 'answers/answer')?.attrs.field, 'product');
  assert.ok(findAll(doc, 'history/change').length >= 1);
  assert.throws(() => parseXml('<case><a>x & y</a></case>'), 'the reader is strict');
});

test('email_template: renders the template for the case; a retry with the same key sends nothing twice', async () => {
  const handlers = mailActionHandlers({ mailer: ctx.deps.mailer });
  const [t] = await rows<{ id: number }>(ctx.db, sql`select id from mail_templates where name = 'Offer'`);
  const before = sink.mails.length;
  const first = await handlers.email_template?.(actionCtx('email_template', String(t.id), 'k-tpl-1'));
  assert.match(first?.detail ?? '', /^sent to zofia@example.pl/);
  const again = await handlers.email_template?.(actionCtx('email_template', String(t.id), 'k-tpl-1'));
  assert.match(again?.detail ?? '', /already sent/);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(sink.mails.length, before + 1, 'one mail for two runs of one action');
  const m = sink.mails[before];
  assert.equal(m.parsed.subject, 'Offer for Zofia Wójcik & <Syn>');
  assert.match(m.parsed.html || '', /Dear Zofia/);
  const log = await ctx.api('manager', 'GET', '/api/mail/log');
  const entry = log.body.find((l: { idempotencyKey: string }) => l.idempotencyKey === 'action:k-tpl-1');
  assert.equal(entry.state, 'sent');
  assert.equal(entry.caseId, caseId);
  assert.ok(entry.messageId);
});

test('bad address or unknown template = ActionFailure; a refused recipient is permanent; SMTP down is retryable and resends once fixed', async () => {
  const handlers = mailActionHandlers({ mailer: ctx.deps.mailer });
  await assert.rejects(handlers.email_case?.(actionCtx('email_case', 'not an address', 'k-bad-1')) as Promise<unknown>, ActionFailure);
  await assert.rejects(handlers.email_template?.(actionCtx('email_template', '424242', 'k-bad-2')) as Promise<unknown>, ActionFailure);
  await assert.rejects(handlers.email_case?.(actionCtx('email_case', 'nobody@example.pl', 'k-bad-3')) as Promise<unknown>, ActionFailure);

  // the default account points nowhere: a connection error, not an ActionFailure
  await ctx.db.execute(sql`update smtp_accounts set port = 1, updated_at = now() where id = ${accountId}`);
  const down = mailActionHandlers({ mailer: smtpMailer({ timeoutMs: 2000 }) });
  const err = await down.email_case?.(actionCtx('email_case', 'office@example.pl', 'k-retry-1')).catch((e) => e);
  assert.ok(err instanceof Error && !(err instanceof ActionFailure), String(err));
  const [failed] = await rows<{ state: string; error: string }>(ctx.db, sql`select state, error from mail_log where idempotency_key = 'action:k-retry-1'`);
  assert.equal(failed.state, 'failed');
  await ctx.db.execute(sql`update smtp_accounts set port = ${sink.port}, updated_at = now() where id = ${accountId}`);
  const before = sink.mails.length;
  const ok = await down.email_case?.(actionCtx('email_case', 'office@example.pl', 'k-retry-1'));
  assert.match(ok?.detail ?? '', /^sent/);
  await sink.waitFor(before + 1);
});

test('an SMTP account in use cannot be deleted: 409 naming the template, the report schedule or the status sending through it', async () => {
  const spare = await ctx.api('manager', 'POST', '/api/mail/accounts', account({ name: 'Spare' }));
  assert.equal(spare.status, 201, spare.res.body);
  const remove = (id: number) => ctx.api('manager', 'DELETE', `/api/mail/accounts/${id}`);

  const t = await ctx.api('manager', 'POST', '/api/mail/templates', { name: 'Via spare', subject: 'Hi', bodyText: 'Hello', accountId: spare.body.id });
  assert.equal(t.status, 201, t.res.body);
  let refused = await remove(spare.body.id);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.code, 'conflict');
  assert.match(refused.body.message, /template "Via spare"/);
  assert.equal((await ctx.api('manager', 'DELETE', `/api/mail/templates/${t.body.id}`)).status, 204);

  const st = (key: string, over: object = {}) => ({
    key,
    name: key,
    description: '',
    responsibleUserId: null,
    availability: 'agents',
    qualifier: 'ending',
    callbackDelaySeconds: null,
    callbackAt: null,
    color: '#336699',
    initial: false,
    x: 0,
    y: 0,
    exits: { script: [], dialer: {}, counter: null, event: { inboundEmail: null }, waitingOnDialer: null, actions: [] },
    ...over,
  });
  const p = await ctx.api('manager', 'POST', '/api/processes', {
    name: 'Reported',
    description: '',
    kind: 'operational',
    inboundStatusKeys: [],
    statuses: [st('Start', { qualifier: 'none', initial: true })],
  });
  assert.equal(p.status, 201, p.res.body);
  const schedule = await ctx.api('manager', 'POST', `/api/processes/${p.body.process.id}/reports`, {
    name: 'Daily results',
    cron: '0 8 * * 1-5',
    timeZone: 'Europe/Warsaw',
    kind: 'campaign_results',
    campaignIds: [],
    accountId: spare.body.id,
    recipients: ['boss@example.pl'],
  });
  assert.equal(schedule.status, 201, schedule.res.body);
  refused = await remove(spare.body.id);
  assert.equal(refused.status, 409);
  assert.match(refused.body.message, /report "Daily results" of the process "Reported"/);
  assert.equal((await ctx.api('manager', 'DELETE', `/api/reports/${schedule.body.id}`)).status, 204);
  assert.equal((await remove(spare.body.id)).status, 204, 'unused, it goes');

  // the default account: every e-mail action sends through it
  const [def] = (await ctx.api('manager', 'GET', '/api/mail/accounts')).body.filter((a: { isDefault: boolean }) => a.isDefault);
  const mailing = await ctx.api('manager', 'POST', '/api/processes', {
    name: 'Mailing',
    description: '',
    kind: 'operational',
    inboundStatusKeys: [],
    statuses: [
      st('Start', { qualifier: 'none', initial: true }),
      st('Offer_sent', {
        exits: {
          script: [],
          dialer: {},
          counter: null,
          event: { inboundEmail: null },
          waitingOnDialer: null,
          actions: [{ kind: 'email_case', param: 'office@example.pl', delay: null, successStatusKey: null, failureStatusKey: null }],
        },
      }),
    ],
  });
  assert.equal(mailing.status, 201, mailing.res.body);
  refused = await remove(def.id);
  assert.equal(refused.status, 409);
  assert.match(refused.body.message, /default account, and the status "Offer_sent" of the process "Mailing" sends e-mail/);
  assert.ok((await ctx.api('manager', 'GET', '/api/mail/accounts')).body.some((a: { id: number }) => a.id === def.id), 'still there');
});
