// PR-4e: an inbound e-mail sets the mapped status. Mail really goes over SMTP (nodemailer → the
// listener Parley runs, on 127.0.0.1) and through the provider webhook (form body, API token):
// the contact is matched by address, the mail is on its timeline, the case moves with a "system"
// history row; unknown senders are kept and listed; oversized and sender-less mail is refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { createTestContext } from '../../../test/harness.ts';
import { loadConfig } from '../../config.ts';
import { rows } from '../../db/query.ts';
import { emptyExits, type ProcessStatusDef } from '../processes/types.ts';
import { receiveInboundMail, senderAddress } from './inbound.ts';
import { startInboundSmtp } from './smtp-listener.ts';

const ctx = await createTestContext();
const listener = await startInboundSmtp({
  port: 0,
  host: '127.0.0.1',
  maxBytes: 64 * 1024,
  receive: (mail) => receiveInboundMail({ db: ctx.db, events: ctx.events }, mail, ctx.clock.now()),
});
const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
after(async () => {
  smtp.close();
  await listener.close();
  await ctx.close();
});

let campaignId = 0;
const statusId: Record<string, number> = {};
const contactIds: Record<string, number> = {};
let token = '';

const st = (key: string, qualifier: ProcessStatusDef['qualifier'], over: Partial<ProcessStatusDef> = {}): ProcessStatusDef => ({
  key,
  name: key,
  description: '',
  responsibleUserId: null,
  availability: 'agents',
  qualifier,
  callbackDelaySeconds: null,
  callbackAt: null,
  color: '#336699',
  initial: false,
  x: 0,
  y: 0,
  exits: emptyExits(),
  ...over,
});

before(async () => {
  const p = await ctx.api('manager', 'POST', '/api/processes', {
    name: 'Offer by mail',
    description: '',
    kind: 'operational',
    inboundStatusKeys: [],
    statuses: [
      st('Offer_sent', 'public_callback_relative', {
        initial: true,
        callbackDelaySeconds: 86_400,
        exits: { ...emptyExits(), event: { inboundEmail: 'Replied' }, dialer: { busy: 'Offer_sent' } },
      }),
      st('Replied', 'public_callback_relative', {
        callbackDelaySeconds: 60,
        exits: { ...emptyExits(), script: [{ field: 'deal', value: 'yes', statusKey: 'Won' }] },
      }),
      st('Won', 'success_end'),
    ],
  });
  assert.equal(p.status, 201, p.res.body);
  for (const s of p.body.process.statuses) statusId[s.key] = s.id;
  for (const [name, email] of [
    ['Jan', 'Jan.Kowalski@Example.PL'],
    ['Eva', 'eva@firma.cz'],
  ]) {
    const c = await ctx.api('manager', 'POST', '/api/contacts', {
      firstName: name,
      lastName: 'Inbound',
      city: 'Mailtown',
      phone1: name === 'Jan' ? '+48502000001' : '+48502000002',
      email,
    });
    assert.equal(c.status, 201, c.res.body);
    contactIds[name] = c.body.id;
  }
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Inbound campaign', processId: p.body.process.id, agentIds: [ctx.users.agent] });
  campaignId = c.body.id;
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId, filter: { city: 'Mailtown' } })).status, 200);
  const t = await ctx.api('manager', 'POST', '/api/auth/tokens', { name: 'mail provider' });
  token = t.body.token;
});

const caseOf = async (contactId: number) =>
  (
    await rows<{ id: string; status_id: number }>(ctx.db, sql`select id, status_id from cases where contact_id = ${contactId} and campaign_id = ${campaignId}`)
  )[0];

test('sender addresses: display names and case are ignored; no address = none', () => {
  assert.equal(senderAddress('"Kowalski, Jan" <Jan.Kowalski@Example.PL>'), 'jan.kowalski@example.pl');
  assert.equal(senderAddress('EVA@firma.cz'), 'eva@firma.cz');
  assert.equal(senderAddress('nobody'), undefined);
});

test('a mail over SMTP from a contact sets the mapped status, writes a "system" history row and a timeline entry', async () => {
  assert.equal((await caseOf(contactIds.Jan)).status_id, statusId.Offer_sent);
  const info = await smtp.sendMail({
    from: 'Jan Kowalski <jan.kowalski@example.pl>',
    to: 'offers@parley.example',
    subject: 'Re: offer',
    text: 'Yes, call me tomorrow.',
  });
  assert.ok(info.accepted.length === 1);
  const c = await caseOf(contactIds.Jan);
  assert.equal(c.status_id, statusId.Replied);
  const history = await rows<{ source: string; requester_id: number | null; note: string; from_status_id: number }>(
    ctx.db,
    sql`select source, requester_id, note, from_status_id from case_history where case_id = ${c.id} order by id desc limit 1`,
  );
  assert.deepEqual(history[0], { source: 'system', requester_id: null, note: 'inbound e-mail: Re: offer', from_status_id: statusId.Offer_sent });
  const timeline = await ctx.api('manager', 'GET', `/api/contacts/${contactIds.Jan}/timeline`);
  const mail = timeline.body.find((e: { kind: string }) => e.kind === 'email_in');
  assert.equal(mail.data.subject, 'Re: offer');
  assert.match(mail.data.text, /call me tomorrow/);
  assert.ok(timeline.body.some((e: { kind: string; data: { source?: string } }) => e.kind === 'status' && e.data.source === 'system'));

  // Replied has no inbound-email exit: a second mail is recorded but changes nothing
  await smtp.sendMail({ from: 'jan.kowalski@example.pl', to: 'offers@parley.example', subject: 'Also', text: '…' });
  assert.equal((await caseOf(contactIds.Jan)).status_id, statusId.Replied);
  const [n] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from inbound_mails where contact_id = ${contactIds.Jan}`);
  assert.equal(n.n, 2);
});

test('the provider webhook (form body, API token) does the same; JSON works too', async () => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/mail/inbound',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ from: 'Eva <EVA@firma.cz>', to: 'offers@parley.example', subject: 'Odpověď', text: 'Mám zájem' }).toString(),
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.contactId, contactIds.Eva);
  const c = await caseOf(contactIds.Eva);
  assert.deepEqual(body.casesChanged, [Number(c.id)]);
  assert.equal(c.status_id, statusId.Replied);
  const [h] = await rows<{ note: string; source: string }>(ctx.db, sql`select note, source from case_history where case_id = ${c.id} order by id desc limit 1`);
  assert.deepEqual(h, { note: 'inbound e-mail: Odpověď', source: 'system' });

  // the provider retries the same delivery: recorded once, nothing applied twice
  const retried = async () =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/mail/inbound',
      headers: { authorization: `Bearer ${token}` },
      payload: { from: 'eva@firma.cz', subject: 'Odpověď', messageId: '<abc@firma.cz>' },
    });
  const first = (await retried()).json();
  const second = (await retried()).json();
  assert.equal(second.duplicate, true);
  assert.equal(second.id, first.id);
  const json = await ctx.app.inject({
    method: 'POST',
    url: '/api/mail/inbound',
    headers: { authorization: `Bearer ${token}` },
    payload: { from: 'eva@firma.cz', subject: 'again' },
  });
  assert.equal(json.statusCode, 200, json.body);
  assert.deepEqual(json.json().casesChanged, []);
  assert.equal((await ctx.app.inject({ method: 'POST', url: '/api/mail/inbound', payload: { from: 'eva@firma.cz' } })).statusCode, 401);
  assert.equal((await ctx.api('agent', 'POST', '/api/mail/inbound', { from: 'eva@firma.cz' })).status, 403);
});

test('unknown senders are kept and listed, not errors; malformed and oversized mail is refused cleanly', async () => {
  const r = await ctx.app.inject({
    method: 'POST',
    url: '/api/mail/inbound',
    headers: { authorization: `Bearer ${token}` },
    payload: { from: 'stranger@nowhere.example', subject: 'Hello' },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().contactId, null);
  await smtp.sendMail({ from: 'other.stranger@nowhere.example', to: 'offers@parley.example', subject: 'Hi there', text: 'x' });
  const list = await ctx.api('manager', 'GET', '/api/mail/inbound?unmatched=true');
  assert.deepEqual(
    list.body.map((m: { fromAddress: string; via: string }) => `${m.via}:${m.fromAddress}`),
    ['smtp:other.stranger@nowhere.example', 'webhook:stranger@nowhere.example'],
  );

  const bad = await ctx.app.inject({ method: 'POST', url: '/api/mail/inbound', headers: { authorization: `Bearer ${token}` }, payload: { from: 'nobody' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'from');

  const [before] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from inbound_mails`);
  await assert.rejects(
    smtp.sendMail({ from: 'jan.kowalski@example.pl', to: 'offers@parley.example', subject: 'Big', text: 'x'.repeat(200 * 1024) }),
    (err: { responseCode?: number }) => err.responseCode === 552,
  );
  // no From header and an empty envelope sender
  await assert.rejects(
    smtp.sendMail({ envelope: { from: '', to: ['offers@parley.example'] }, raw: 'To: offers@parley.example\r\nSubject: no sender\r\n\r\nbody\r\n' }),
    (err: { responseCode?: number }) => err.responseCode === 550,
  );
  const [afterCount] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from inbound_mails`);
  assert.equal(afterCount.n, before.n, 'nothing stored from refused mail');
});

test('PARLEY_SMTP_INBOUND_PORT: off when unset, validated when set', () => {
  assert.equal(loadConfig({}).smtpInboundPort, undefined);
  assert.equal(loadConfig({ PARLEY_SMTP_INBOUND_PORT: '2525' }).smtpInboundPort, 2525);
  assert.throws(() => loadConfig({ PARLEY_SMTP_INBOUND_PORT: 'smtp' }), /PARLEY_SMTP_INBOUND_PORT/);
  assert.throws(() => loadConfig({ PARLEY_SMTP_INBOUND_PORT: '70000' }), /PARLEY_SMTP_INBOUND_PORT/);
});
