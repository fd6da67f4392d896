// The hopper and the agent's save path as invariants: the order of offers, private callbacks
// only for their owner, never a blocked / terminal / waiting / out-of-hours case, one history row
// per change, and no case to two agents at once (also under concurrency on PostgreSQL).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { createTestContext } from '../../../test/harness.ts';
import { rows } from '../../db/query.ts';
import { createUser } from '../auth/users-repo.ts';
import { saveResult, takeNextCase, type WorkDeps, loginToCampaigns } from '../agents/work.ts';

const ctx = await createTestContext({ PARLEY_SYNC_ASSIGN_LIMIT: '100000' });
// agents of earlier tests stay logged in to their finished campaigns: harmless, every test has its own
after(() => ctx.close());
const work: WorkDeps = { db: ctx.db, events: ctx.events, jobs: ctx.jobs, leaseMinutes: 60 };
const agent = () => ctx.users.agent as number;
const HOUR = 3_600_000;

let campaignId = 0;
let status: Record<string, number> = {};
/** each test works on its own contacts (its own city) and campaign in the shared database */
let run = 0;
const city = () => `Town${run}`;
const phoneFor = (k: number) => `+4850${String(run).padStart(2, '0')}${String(k).padStart(5, '0')}`;

async function addContacts(n: number, opts: { london?: boolean; start?: number } = {}) {
  for (let i = 0; i < n; i++) {
    const k = (opts.start ?? 0) + i;
    const r = await ctx.api('manager', 'POST', '/api/contacts', {
      lastName: `C${String(k).padStart(3, '0')}`,
      street: `Ulica ${String(k).padStart(3, '0')}`,
      city: city(),
      phone1: opts.london ? `+44207946${String(run).padStart(2, '0')}${String(k % 100).padStart(2, '0')}` : phoneFor(k),
    });
    assert.equal(r.status, 201, r.res.body);
  }
}

async function assignAll() {
  const a = await ctx.api('manager', 'POST', '/api/assignments', { campaignId, filter: { city: city() } });
  assert.equal(a.status, 200, a.res.body);
}

async function setup(contacts = 6) {
  run++;
  ctx.clock.set('2026-03-02T09:00:00Z'); // Monday 10:00 in Warsaw
  await ctx.db.execute(sql`update agent_states set current_case_id = null, state = 'logged_out'`);
  await addContacts(contacts);
  const c = await ctx.api('manager', 'POST', '/api/campaigns', { name: `Campaign ${run}`, agentIds: [agent()], callbackGraceMinutes: 30 });
  assert.equal(c.status, 201, c.res.body);
  campaignId = c.body.id;
  status = {};
  for (const [name, systemStatus] of [
    ['Callback me', 'my_record'],
    ['Not before', 'not_earlier_than'],
    ['Progressive', 'call_progressive'],
  ] as const) {
    const s = await ctx.api('manager', 'POST', `/api/campaigns/${campaignId}/statuses`, {
      name,
      systemStatus,
      ...(name === 'Progressive' ? { autoOutcomes: ['unhandled'] } : {}),
    });
    assert.equal(s.status, 201, s.res.body);
    status[name] = s.body.id;
  }
  for (const s of (await ctx.api('manager', 'GET', `/api/campaigns/${campaignId}/statuses`)).body) status[s.name] ??= s.id;
  await assignAll();
  const run_ = await ctx.api('manager', 'POST', `/api/campaigns/${campaignId}/state`, { state: 'running' });
  assert.equal(run_.status, 200, run_.res.body);
  await loginToCampaigns(work, agent(), [campaignId], ctx.clock.now());
}

async function newAgent(name: string) {
  const u = await createUser(ctx.db, { username: `${name}${run}`, displayName: name, role: 'agent', password: 'test-password-1' }, ctx.clock.now());
  await ctx.db.execute(sql`insert into campaign_agents (campaign_id, user_id) values (${campaignId}, ${u.id})`);
  await loginToCampaigns(work, u.id, [campaignId], ctx.clock.now());
  return u.id;
}

const next = async (userId = agent()) => (await takeNextCase(work, userId, ctx.clock.now())).caseId;
const save = (caseId: number, body: Parameters<typeof saveResult>[3], userId = agent()) => saveResult(work, userId, caseId, body, ctx.clock.now());

test('AS-6: fresh cases come in assignment order, one agent at a time, and the API saves results', async () => {
  await setup(3);
  const offered: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await ctx.api('agent', 'POST', '/api/agent/next');
    assert.equal(r.status, 200, r.res.body);
    assert.ok(r.body.case, 'a case is offered');
    offered.push(r.body.case.contact.lastName);
    assert.ok(r.body.case.statuses.some((s: { name: string }) => s.name === 'Call'));
    const saved = await ctx.api('agent', 'POST', `/api/cases/${r.body.case.case.id}/result`, { outcome: 'no_answer', statusId: status.Call });
    assert.equal(saved.status, 200, saved.res.body);
    assert.equal(saved.body.queue, 'retry');
  }
  assert.deepEqual(offered, ['C000', 'C001', 'C002']);
  const none = await ctx.api('agent', 'POST', '/api/agent/next');
  assert.equal(none.body.case, null, 'retries wait for the retry delay');
  ctx.clock.advance(61 * 60_000);
  const again = await ctx.api('agent', 'POST', '/api/agent/next');
  assert.equal(again.body.case.contact.lastName, 'C000', 'least recently attempted first');
});

test('a private callback goes only to its owner, first; after the grace it becomes public', async () => {
  await setup(4);
  const other = await newAgent('other');
  const first = (await next()) as number;
  await save(first, { outcome: 'answered', statusId: status['Callback me'], callbackAt: new Date(ctx.clock.now().getTime() + 2 * HOUR) });
  // before its time: nobody gets it
  const o1 = (await next(other)) as number;
  assert.notEqual(o1, first);
  await save(o1, { outcome: 'busy', statusId: status['Do not call'] }, other);
  ctx.clock.advance(2 * HOUR + 60_000);
  // due: the other agent still does not get it (grace 30 min), the owner gets it before fresh cases
  const o2 = (await next(other)) as number;
  assert.notEqual(o2, first);
  assert.equal(await next(), first, 'the owner gets the due private callback first');
  await ctx.api('agent', 'POST', '/api/agent/return');
  // the owner gave it back; after the grace it is anyone's
  ctx.clock.advance(31 * 60_000);
  await save(o2, { outcome: 'busy', statusId: status['Do not call'] }, other);
  assert.equal(await next(other), first, 'overdue private callbacks become public after the grace');
});

test('tiers: own callback, progressive, public callback, fresh, retry, end of queue', async () => {
  await setup(5);
  const now = ctx.clock.now();
  // progressive last: a progressive case is offered again at once
  const results: Parameters<typeof save>[1][] = [
    { outcome: 'answered', statusId: status['Not before'], callbackAt: new Date(now.getTime() + HOUR) }, // public callback
    { outcome: 'no_answer', statusId: status.Call }, // retry after 60 min
    { outcome: 'answered', statusId: status['Callback me'], callbackAt: new Date(now.getTime() + HOUR) }, // own private callback
    { outcome: 'answered', statusId: status['Do not call'] }, // closed
    { outcome: 'unhandled' }, // set automatically: call progressive
  ];
  const ids: number[] = [];
  for (const r of results) {
    const id = (await next()) as number;
    ids.push(id);
    await save(id, r);
  }
  await addContacts(1, { start: 100 });
  await assignAll();
  ctx.clock.advance(HOUR + 60_000);
  const order: number[] = [];
  for (let i = 0; i < 5; i++) {
    const id = await next();
    if (!id) break;
    order.push(id);
    await ctx.db.execute(sql`update cases set locked_by = null, queue = 'closed' where id = ${id}`); // take it out of the way
    await ctx.db.execute(sql`update agent_states set current_case_id = null where user_id = ${agent()}`);
  }
  const fresh = (
    await rows<{ id: string }>(
      ctx.db,
      sql`select k.id from cases k join contacts ct on ct.id = k.contact_id where ct.last_name = 'C100' and k.campaign_id = ${campaignId}`,
    )
  )[0];
  assert.deepEqual(order, [ids[2], ids[4], ids[0], Number(fresh.id), ids[1]]);
});

test('never offered: blocked contact, blocked number, terminal, waiting, outside local hours, paused campaign', async () => {
  await setup(3);
  await addContacts(1, { london: true, start: 50 }); // a London number
  await assignAll();
  const all = await rows<{ id: string; last_name: string; contact_id: string }>(
    ctx.db,
    sql`select k.id, ct.last_name, k.contact_id from cases k join contacts ct on ct.id = k.contact_id where k.campaign_id = ${campaignId} order by k.id`,
  );
  const byName = Object.fromEntries(all.map((r) => [r.last_name, r]));
  const b = await ctx.api('manager', 'POST', '/api/contacts/block', { filter: { ids: [Number(byName.C000.contact_id)] }, reason: 'asked' });
  assert.equal(b.status, 200, b.res.body);
  const bn = await ctx.api('manager', 'POST', '/api/blocked-numbers', { phones: [phoneFor(1)] });
  assert.ok(bn.status < 300, bn.res.body);
  // the number stays on the list but the contact itself is not marked: the hopper checks the list too
  await ctx.db.execute(sql`update contacts set blocked = false where id = ${byName.C001.contact_id}`);
  await ctx.db.execute(sql`update cases set queue = 'waiting' where id = ${byName.C002.id}`);
  // 07:30 in Warsaw is before the 08:00 local window; London is 06:30
  ctx.clock.set('2026-03-02T06:30:00Z');
  await ctx.api('manager', 'PATCH', `/api/campaigns/${campaignId}`, {
    workingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  });
  assert.equal(await next(), null, 'nothing before the local window opens');
  const why = await ctx.api('supervisor', 'GET', `/api/cases/${byName.C050.id}/why`);
  assert.equal(why.status, 200, why.res.body);
  assert.ok(why.body.reasons.some((r: { code: string }) => r.code === 'outside_local_hours'));
  ctx.clock.set('2026-03-02T07:30:00Z'); // 08:30 in Warsaw, 07:30 in London
  assert.equal(await next(), null, 'blocked contact, blocked number and waiting case are not offered; London is still closed');
  const breakdown = await ctx.api('supervisor', 'GET', `/api/campaigns/${campaignId}/dialability`);
  assert.deepEqual(breakdown.body.counts, { blocked: 1, blocked_number: 1, waiting: 1, outside_local_hours: 1 });
  ctx.clock.set('2026-03-02T08:30:00Z');
  assert.equal(await next(), Number(byName.C050.id), 'London opens at 08:00 its time');
  await ctx.api('manager', 'POST', `/api/campaigns/${campaignId}/state`, { state: 'paused' });
  const explain = await ctx.api('supervisor', 'GET', `/api/campaigns/${campaignId}/dialability`);
  assert.equal(explain.body.campaign[0].code, 'campaign_not_running');
  assert.equal(explain.body.dialableNow, 0);
});

test('CP-2: a claim skips a closed zone inside the index and still offers every open one, whichever path set the zone', async () => {
  await setup(3);
  await assignAll();
  const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${campaignId}`, { workingHours: allDay })).status, 200);
  const ids = (await rows<{ id: string }>(ctx.db, sql`select id from cases where campaign_id = ${campaignId} order by id`)).map((r) => Number(r.id));
  // plain SQL: a zone no case of the campaign had (the trigger lists it), and no zone (the campaign's own)
  await ctx.db.execute(sql`update cases set tz = 'Asia/Tokyo' where id = ${ids[0]}`);
  await ctx.db.execute(sql`update cases set tz = null where id = ${ids[1]}`);
  const offer = async (at: string) => {
    ctx.clock.set(at);
    const id = await next();
    // handed straight back: each moment asks the hopper afresh
    await ctx.db.execute(sql`update cases set locked_by = null, locked_until = null where campaign_id = ${campaignId}`);
    await ctx.db.execute(sql`update agent_states set current_case_id = null, state = 'ready' where user_id = ${agent()}`);
    return id;
  };
  assert.equal(await offer('2026-03-02T09:00:00Z'), ids[0], '18:00 in Tokyo, 10:00 in Warsaw: the first case');
  assert.equal(await offer('2026-03-02T13:00:00Z'), ids[1], '22:00 in Tokyo: skipped; no zone follows the campaign (14:00 in Warsaw)');
  assert.equal(await offer('2026-03-02T23:30:00Z'), ids[0], '00:30 in Warsaw: only Tokyo (08:30) is open');
  ctx.clock.set('2026-03-02T09:00:00Z');
});

test('PR-5: every status change writes exactly one history row, with "system" for automatic ones', async () => {
  await setup(2);
  const id = (await next()) as number;
  await save(id, { outcome: 'answered', statusId: status['Not before'], callbackAt: new Date(ctx.clock.now().getTime() + HOUR), note: 'call tomorrow' });
  const g = await ctx.api('manager', 'POST', `/api/campaigns/${campaignId}/cases/actions`, {
    caseIds: [id],
    action: { kind: 'set_status', statusId: status['Do not call'], note: 'closed by manager' },
  });
  assert.equal(g.body.affected, 1);
  const card = await ctx.api('supervisor', 'GET', `/api/cases/${id}`);
  assert.equal(card.body.history.length, 2);
  assert.deepEqual(
    card.body.history.map((h: { toStatus: string; source: string; note: string }) => [h.toStatus, h.source, h.note]),
    [
      ['Do not call', 'supervisor', 'closed by manager'],
      ['Not before', 'agent', 'call tomorrow'],
    ],
  );
  const timeline = card.body.timeline.filter((e: { kind: string }) => e.kind === 'status');
  assert.equal(timeline.length, 2, 'the contact timeline shows the status changes');
});

test('ST-3: a callback time only where the status allows it; agents cannot save others’ cases', async () => {
  await setup(2);
  const id = (await next()) as number;
  const refused = await ctx.api('agent', 'POST', `/api/cases/${id}/result`, { outcome: 'answered', statusId: status.Call, callbackAt: '2026-03-03T10:00:00Z' });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 'callback_time_not_allowed');
  const missing = await ctx.api('agent', 'POST', `/api/cases/${id}/result`, { outcome: 'answered', statusId: status['Callback me'] });
  assert.equal(missing.body.code, 'callback_time_required');
  const other = await newAgent('intruder');
  await assert.rejects(save(id, { outcome: 'answered', statusId: status.Call }, other), /not yours/);
  const hist = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from case_history where case_id = ${id}`);
  assert.equal(hist[0].n, 0, 'refused saves write nothing');
});

test('AS-7: when every agent reaches the success limit, unused cases return to the database', async () => {
  await setup(4);
  const success = await ctx.api('manager', 'POST', `/api/campaigns/${campaignId}/statuses`, { name: 'Sale', systemStatus: 'do_not_call' });
  // a dictionary status cannot count success; use a process-like success through the engine directly
  assert.equal(success.status, 201);
  await ctx.db.execute(sql`update statuses set qualifier = 'success_end' where id = ${success.body.id}`);
  await ctx.api('manager', 'PATCH', `/api/campaigns/${campaignId}`, { successLimitPerAgent: 1, goal: 'endless' });
  const id = (await next()) as number;
  await save(id, { outcome: 'answered', statusId: success.body.id });
  const left = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from cases where campaign_id = ${campaignId} and released_at is null`);
  assert.equal(left[0].n, 1, 'only the used case stays');
  assert.equal(await next(), null);
});

test('concurrent claims never hand one case to two agents', async () => {
  await setup(40);
  const agents = [agent()];
  for (let i = 0; i < 7; i++) agents.push(await newAgent(`a${i}`));
  const held = new Map<number, number>();
  let doubles = 0;
  await Promise.all(
    agents.map(async (a) => {
      for (;;) {
        const id = await next(a);
        if (!id) return;
        if (held.has(id)) doubles++;
        held.set(id, a);
        await save(id, { outcome: 'answered', statusId: status['Do not call'] }, a);
        held.delete(id);
      }
    }),
  );
  assert.equal(doubles, 0);
  const per = await rows<{ case_id: string; n: number }>(
    ctx.db,
    sql`select case_id, count(*)::int as n from attempts where campaign_id = ${campaignId} group by 1 having count(*) > 1`,
  );
  assert.deepEqual(per, [], 'every case was attempted exactly once');
  const total = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from attempts where campaign_id = ${campaignId}`);
  assert.equal(total[0].n, 40);
  const history = await rows<{ n: number; with_attempt: number }>(
    ctx.db,
    sql`select count(*)::int as n, count(distinct attempt_id)::int as with_attempt from case_history where campaign_id = ${campaignId}`,
  );
  assert.deepEqual(history[0], { n: 40, with_attempt: 40 }, 'one history row per change, each with its attempt');
});

test('property: a case is offered exactly when "why" finds nothing blocking it', async () => {
  await setup(8);
  const cases = await rows<{ id: string }>(ctx.db, sql`select id from cases where campaign_id = ${campaignId} order by id`);
  const queues = ['fresh', 'retry', 'callback', 'progressive', 'end_of_queue', 'waiting', 'closed'] as const;
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          queue: fc.constantFrom(...queues),
          offsetMin: fc.integer({ min: -120, max: 120 }),
          owned: fc.boolean(),
          blocked: fc.boolean(),
        }),
        { minLength: 8, maxLength: 8 },
      ),
      async (states) => {
        for (const [i, s] of states.entries()) {
          const at = new Date(ctx.clock.now().getTime() + s.offsetMin * 60_000);
          await ctx.db.execute(sql`update cases set queue = ${s.queue}, callable_at = ${at}, owner_id = ${s.owned && s.queue === 'callback' ? agent() : null},
            locked_by = null, last_attempt_at = ${at} where id = ${cases[i].id}`);
          await ctx.db.execute(sql`update contacts set blocked = ${s.blocked} where id = (select contact_id from cases where id = ${cases[i].id})`);
        }
        await ctx.db.execute(sql`update agent_states set current_case_id = null where user_id = ${agent()}`);
        const dialable = new Set<number>();
        for (const c of cases) if ((await ctx.api('supervisor', 'GET', `/api/cases/${c.id}/why`)).body.dialable) dialable.add(Number(c.id));
        const offered = new Set<number>();
        for (;;) {
          const id = await next();
          if (!id) break;
          offered.add(id);
          await ctx.db.execute(sql`update cases set queue = 'closed', locked_by = null where id = ${id}`);
          await ctx.db.execute(sql`update agent_states set current_case_id = null where user_id = ${agent()}`);
        }
        assert.deepEqual([...offered].sort(), [...dialable].sort());
      },
    ),
    { numRuns: 15, seed: 7 },
  );
});

test('CP-3: a campaign with the goal "exhaust contacts" finishes when its last case is finished; an endless one keeps running', async () => {
  await setup(2);
  for (let i = 0; i < 2; i++) await save((await next()) as number, { outcome: 'answered', statusId: status['Do not call'] });
  assert.equal((await ctx.api('supervisor', 'GET', `/api/campaigns/${campaignId}`)).body.state, 'finished');
  await setup(1);
  await ctx.api('manager', 'PATCH', `/api/campaigns/${campaignId}`, { goal: 'endless' });
  await save((await next()) as number, { outcome: 'answered', statusId: status['Do not call'] });
  assert.equal((await ctx.api('supervisor', 'GET', `/api/campaigns/${campaignId}`)).body.state, 'running');
});

test('a local window over midnight (22:00–06:00) offers cases at night and not by day', async () => {
  await setup(1);
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
  const patched = await ctx.api('manager', 'PATCH', `/api/campaigns/${campaignId}`, { workingHours: hours, localWindow: { start: '22:00', end: '06:00' } });
  assert.equal(patched.status, 200, patched.res.body);
  assert.equal(await next(), null, '10:00 in Warsaw is outside 22:00–06:00');
  ctx.clock.set('2026-03-02T22:30:00Z'); // 23:30 in Warsaw
  assert.ok(await next(), 'offered at 23:30');
});
