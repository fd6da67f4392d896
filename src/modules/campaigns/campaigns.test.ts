// CP-1..CP-7, CP-9, CP-10, ST-4, AS-7 routing: campaigns through the API on a real database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { PASSWORD, createTestContext } from '../../../test/harness.ts';
import { rows } from '../../db/query.ts';
import { processes } from '../../db/schema.ts';
import { createUser } from '../auth/users-repo.ts';
import { createStatus, listDictionary } from '../statuses/repo.ts';
import { defaultWorkingHours } from './hours.ts';
import { agentCampaignIds, campaignAgents } from './repo.ts';

const ctx = await createTestContext();
after(() => ctx.close());

const agent = ctx.users.agent as number;
let agent2: number;
let agent3: number;
let dictionary: { id: number; name: string }[];
const contactIds: number[] = [];

before(async () => {
  agent2 = (await createUser(ctx.db, { username: 'agent2', displayName: 'Agent Two', role: 'agent', password: PASSWORD }, ctx.clock.now())).id;
  agent3 = (await createUser(ctx.db, { username: 'agent3', displayName: 'Agent Three', role: 'agent', password: PASSWORD }, ctx.clock.now())).id;
  dictionary = await listDictionary(ctx.db);
  for (let i = 0; i < 12; i++) {
    const r = await ctx.api('manager', 'POST', '/api/contacts', {
      lastName: `C${i}`,
      street: `Ulica ${String(i).padStart(2, '0')}`,
      phone1: `50020${String(i).padStart(4, '0')}`,
    });
    assert.equal(r.status, 201, r.res.body);
    contactIds.push(r.body.id);
  }
});

const post = (url: string, body: unknown, role: 'manager' | 'supervisor' | 'admin' = 'manager') => ctx.api(role, 'POST', url, body);
const create = (body: Record<string, unknown>) => post('/api/campaigns', body);
/** a campaign that can run: one agent, the auto-added statuses */
async function readyCampaign(name: string, extra: Record<string, unknown> = {}) {
  const r = await create({ name, agentIds: [agent], ...extra });
  assert.equal(r.status, 201, r.res.body);
  return r.body.id as number;
}
const setState = (id: number, state: string) => post(`/api/campaigns/${id}/state`, { state });
const assign = async (campaignId: number, ids: number[]) => {
  const r = await post('/api/assignments', { campaignId, filter: { ids } });
  assert.equal(r.status, 200, r.res.body);
  return r.body;
};
const caseContacts = async (campaignId: number) =>
  (await rows<{ contact_id: string }>(ctx.db, sql`select contact_id from cases where campaign_id = ${campaignId} order by id`)).map((r) =>
    Number(r.contact_id),
  );

test('CP-1: a campaign made from a name alone gets the next free id, the defaults and the auto-added statuses', async () => {
  const r = await create({ name: 'Jesień' });
  assert.equal(r.status, 201);
  const c = r.body;
  assert.equal(c.id, 10000);
  assert.equal(c.state, 'draft');
  assert.deepEqual(
    {
      type: c.type,
      timeZone: c.timeZone,
      workingHours: c.workingHours,
      localWindow: c.localWindow,
      sortOrder: c.sortOrder,
      parity: c.parity,
      recordCalls: c.recordCalls,
      callerIds: c.callerIds,
      callerIdRandom: c.callerIdRandom,
      mode: c.mode,
      previewSeconds: c.previewSeconds,
      pickupRate: c.pickupRate,
      goal: c.goal,
      retryRules: c.retryRules,
      maxAttempts: c.maxAttempts,
      script: c.script,
      phoneColumn: c.phoneColumn,
      contactFilter: c.contactFilter,
      processId: c.processId,
      successLimitPerAgent: c.successLimitPerAgent,
      agentIds: c.agentIds,
      agentGroupIds: c.agentGroupIds,
      total: c.total,
      unused: c.unused,
      validTo: c.validTo,
    },
    {
      type: 'outbound',
      timeZone: 'Europe/Warsaw',
      workingHours: defaultWorkingHours,
      localWindow: { start: '08:00', end: '21:00' },
      sortOrder: 100,
      parity: 1,
      recordCalls: false,
      callerIds: [],
      callerIdRandom: false,
      mode: 'preview',
      previewSeconds: 30,
      pickupRate: 50,
      goal: 'exhaust',
      retryRules: [],
      maxAttempts: null,
      script: [],
      phoneColumn: 'phone1',
      contactFilter: null,
      processId: null,
      successLimitPerAgent: null,
      agentIds: [],
      agentGroupIds: [],
      total: 0,
      unused: 0,
      validTo: null,
    },
  );
  assert.deepEqual(c.ready, { ok: false, problems: ['No agents: assign agents or an agent group with members'] });
  const statuses = (await ctx.api('supervisor', 'GET', `/api/campaigns/${c.id}/statuses`)).body;
  assert.deepEqual(
    statuses.map((s: { name: string }) => s.name),
    ['Call', 'Do not call'],
  );
  assert.equal((await ctx.api('manager', 'GET', '/api/campaigns/next-id')).body.id, 10001);
});

test('CP-1..CP-7: every field is stored, normalised', async () => {
  const group = (await post('/api/agent-groups', { name: 'Zespół A', memberIds: [agent2] })).body.id;
  const call = dictionary.find((s) => s.name === 'Call')?.id;
  const body = {
    id: 12345,
    name: '  Ankieta zimowa  ',
    description: 'Zimowa ankieta satysfakcji',
    type: 'outbound',
    validFrom: '2026-03-01T00:00:00.000Z',
    validTo: '2026-12-31T23:00:00.000Z',
    timeZone: 'Europe/Prague',
    workingHours: {
      mon: [
        ['13:00', '17:00'],
        ['08:00', '12:00'],
      ],
      tue: [['08:00', '24:00']],
      wed: [],
      thu: [],
      fri: [['09:00', '15:00']],
      sat: [],
      sun: [],
    },
    localWindow: { start: '22:00', end: '06:00' },
    sortOrder: 5,
    parity: 70,
    recordCalls: true,
    callerIds: ['600 100 200', '+48600100200', '(+48) 601-100-200'],
    callerIdRandom: true,
    mode: 'predictive',
    previewSeconds: 0,
    pickupRate: 25,
    goal: 'endless',
    retryRules: [
      { when: { connected: false, attemptsAtMost: 3 }, action: { kind: 'call_again', delayMinutes: 120 } },
      { when: { statusIds: [call] }, action: { kind: 'add_parameter', key: 'again', value: 'yes' } },
      { when: { attemptsAtLeast: 4 }, action: { kind: 'delete' } },
    ],
    maxAttempts: 5,
    retryDelayMinutes: 90,
    script: [
      { kind: 'text', text: 'Dzień dobry, dzwonię z …' },
      { kind: 'question', key: 'satisfied', label: 'Zadowolony?', options: ['tak', 'nie', 'nie wiem'] },
      { kind: 'question', key: 'channels', label: 'Kanały', options: ['tel', 'e-mail'], multiple: true },
      { kind: 'checkbox', key: 'consent', label: 'Zgoda' },
      { kind: 'field', key: 'birth_date', label: 'Data urodzenia', type: 'date' },
    ],
    confirmationScript: [{ kind: 'checkbox', key: 'confirmed', label: 'Potwierdzone' }],
    phoneColumn: 'phone2',
    contactFilter: { city: 'Radom', leastRecentlyUsed: 100, blocked: 'exclude' },
    successLimitPerAgent: 10,
    callbackGraceMinutes: 45,
    agentIds: [agent, agent, agent3],
    agentGroupIds: [group],
  };
  const r = await create(body);
  assert.equal(r.status, 201, r.res.body);
  const c = r.body;
  assert.equal(c.id, 12345);
  assert.equal(c.name, 'Ankieta zimowa');
  assert.deepEqual(c.callerIds, ['+48600100200', '+48601100200'], 'E.164, without repeats');
  assert.deepEqual(c.workingHours.mon, [
    ['08:00', '12:00'],
    ['13:00', '17:00'],
  ]);
  assert.deepEqual(c.agentIds, [agent, agent3]);
  assert.deepEqual(c.agentGroupIds, [group]);
  for (const k of [
    'description',
    'type',
    'validFrom',
    'validTo',
    'timeZone',
    'localWindow',
    'sortOrder',
    'parity',
    'recordCalls',
    'callerIdRandom',
    'mode',
    'previewSeconds',
    'pickupRate',
    'goal',
    'retryRules',
    'maxAttempts',
    'retryDelayMinutes',
    'script',
    'confirmationScript',
    'phoneColumn',
    'contactFilter',
    'successLimitPerAgent',
    'callbackGraceMinutes',
  ] as const) {
    assert.deepEqual(c[k], body[k], k);
  }
  assert.deepEqual(c.ready, { ok: true, problems: [] });
  // the same from the detail, and in the list
  assert.deepEqual((await ctx.api('supervisor', 'GET', '/api/campaigns/12345')).body, c);
  const item = (await ctx.api('supervisor', 'GET', '/api/campaigns?q=zimowa')).body;
  assert.deepEqual(item, [
    {
      id: 12345,
      name: 'Ankieta zimowa',
      type: 'outbound',
      state: 'draft',
      mode: 'predictive',
      processId: null,
      sortOrder: 5,
      parity: 70,
      validFrom: body.validFrom,
      validTo: body.validTo,
      createdAt: c.createdAt,
      total: 0,
      unused: 0,
    },
  ]);
  // a partial update leaves the rest alone; null clears
  const p = await ctx.api('manager', 'PATCH', '/api/campaigns/12345', { validTo: null, maxAttempts: null, contactFilter: null, agentIds: [agent2] });
  assert.equal(p.status, 200, p.res.body);
  assert.deepEqual([p.body.validTo, p.body.maxAttempts, p.body.contactFilter, p.body.agentIds, p.body.parity], [null, null, null, [agent2], 70]);
});

test('each invalid setting answers 400 naming the field', async () => {
  const base = { name: 'Błędna' };
  const cases: [Record<string, unknown>, string][] = [
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ id: 999 }, 'id'],
    [{ id: 100000 }, 'id'],
    [{ type: 'inbound' }, 'type'],
    [{ validFrom: '2026-05-01T00:00:00Z', validTo: '2026-04-01T00:00:00Z' }, 'validTo'],
    [{ validFrom: '2026-05-01T00:00:00Z', validTo: '2026-05-01T00:00:00Z' }, 'validTo'],
    [{ validTo: 'tomorrow' }, 'validTo'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ timeZone: '+01:00' }, 'timeZone'],
    [{ workingHours: { ...defaultWorkingHours, mon: [['09:00', '08:00']] } }, 'workingHours.mon[0]'],
    [
      {
        workingHours: {
          ...defaultWorkingHours,
          tue: [
            ['08:00', '12:00'],
            ['11:00', '13:00'],
          ],
        },
      },
      'workingHours.tue',
    ],
    [{ workingHours: { ...defaultWorkingHours, wed: [['8:00', '12:00']] } }, 'workingHours.wed.0.0'],
    [{ workingHours: { mon: [] } }, 'workingHours.tue'],
    [{ localWindow: { start: '25:00', end: '21:00' } }, 'localWindow.start'],
    [{ localWindow: { start: '08:00', end: '08:00' } }, 'localWindow.end'],
    [{ sortOrder: 1001 }, 'sortOrder'],
    [{ sortOrder: -1 }, 'sortOrder'],
    [{ parity: 0 }, 'parity'],
    [{ parity: 101 }, 'parity'],
    [{ callerIds: ['600100200', 'abc'] }, 'callerIds[1]'],
    [{ callerIds: ['600100200', '123'] }, 'callerIds[1]'],
    [{ callerIds: ['600100200'], callerIdRandom: true }, 'callerIdRandom'],
    [{ mode: 'robot' }, 'mode'],
    [{ previewSeconds: 601 }, 'previewSeconds'],
    [{ pickupRate: 0 }, 'pickupRate'],
    [{ pickupRate: 101 }, 'pickupRate'],
    [{ goal: 'forever' }, 'goal'],
    [{ retryRules: Array.from({ length: 21 }, () => ({ when: {}, action: { kind: 'delete' } })) }, 'retryRules'],
    [{ retryRules: [{ when: { statusIds: [999999] }, action: { kind: 'delete' } }] }, 'retryRules[0].when.statusIds[0]'],
    [{ retryRules: [{ when: { attemptsAtLeast: 5, attemptsAtMost: 2 }, action: { kind: 'delete' } }] }, 'retryRules[0].when.attemptsAtMost'],
    [{ retryRules: [{ when: {}, action: { kind: 'call_again', delayMinutes: -1 } }] }, 'retryRules.0.action*'],
    [{ maxAttempts: 0 }, 'maxAttempts'],
    [{ maxAttempts: 101 }, 'maxAttempts'],
    [{ retryDelayMinutes: 100_001 }, 'retryDelayMinutes'],
    [
      {
        script: [
          { kind: 'checkbox', key: 'a', label: 'A' },
          { kind: 'field', key: 'a', label: 'B', type: 'text' },
        ],
      },
      'script[1].key',
    ],
    [{ script: [{ kind: 'question', key: 'q', label: 'Q', options: ['Tak', 'tak'] }] }, 'script[0].options[1]'],
    [{ script: [{ kind: 'question', key: 'q', label: 'Q', options: ['tylko jedna'] }] }, 'script.0*'],
    [{ script: [{ kind: 'checkbox', key: 'Zła klucz', label: 'Q' }] }, 'script.0*'],
    [{ script: Array.from({ length: 101 }, () => ({ kind: 'text', text: 'x' })) }, 'script'],
    [
      {
        confirmationScript: [
          { kind: 'checkbox', key: 'ok', label: 'A' },
          { kind: 'checkbox', key: 'ok', label: 'B' },
        ],
      },
      'confirmationScript[1].key',
    ],
    [{ phoneColumn: 'phone3' }, 'phoneColumn'],
    [{ contactFilter: { ids: [1] } }, 'contactFilter'],
    [{ contactFilter: { onlyFree: false } }, 'contactFilter'],
    [{ processId: 4242 }, 'processId'],
    [{ successLimitPerAgent: 0 }, 'successLimitPerAgent'],
    [{ callbackGraceMinutes: 10_081 }, 'callbackGraceMinutes'],
    [{ agentIds: [agent, ctx.users.supervisor] }, 'agentIds[1]'],
    [{ agentIds: [987654] }, 'agentIds[0]'],
    [{ agentGroupIds: [987654] }, 'agentGroupIds[0]'],
    [{ colour: 'red' }, ''],
  ];
  for (const [bad, field] of cases) {
    const r = await create({ ...base, ...bad });
    assert.equal(r.status, 400, `${JSON.stringify(bad)} → ${r.status} ${r.res.body}`);
    assert.equal(r.body.code, 'validation_failed');
    const where = `${JSON.stringify(bad).slice(0, 120)}: ${r.body.field} ${r.body.message}`;
    // a union (script items, rule actions) reports the branch ajv tried first, so only the prefix is fixed
    if (field.endsWith('*')) assert.ok(String(r.body.field).startsWith(field.slice(0, -1)), where);
    else if (field) assert.equal(r.body.field, field, where);
  }
  const none = await rows<{ n: string }>(ctx.db, sql`select count(*) as n from campaigns where name like 'Błędna%'`);
  assert.equal(Number(none[0].n), 0, 'nothing half-saved');
  // the same rules on update, against the stored values
  const id = (await create({ name: 'Poprawna', validFrom: '2026-05-01T00:00:00Z' })).body.id;
  const patch = await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { validTo: '2026-04-01T00:00:00Z' });
  assert.deepEqual([patch.status, patch.body.field], [400, 'validTo']);
  const random = await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { callerIdRandom: true });
  assert.deepEqual([random.status, random.body.field], [400, 'callerIdRandom']);
});

test('CP-1: the id is the next free one and can be edited while the campaign has no cases', async () => {
  const next = (await ctx.api('manager', 'GET', '/api/campaigns/next-id')).body.id;
  const a = await readyCampaign('Do przenumerowania');
  assert.equal(a, next);
  await post(`/api/campaigns/${a}/statuses`, { name: 'Własny', systemStatus: 'to_call' });
  const moved = await ctx.api('manager', 'PATCH', `/api/campaigns/${a}`, { id: 20000, name: 'Przenumerowana' });
  assert.equal(moved.status, 200, moved.res.body);
  assert.equal(moved.body.id, 20000);
  assert.equal(moved.body.name, 'Przenumerowana');
  assert.deepEqual(moved.body.agentIds, [agent], 'routing follows');
  assert.equal((await ctx.api('manager', 'GET', `/api/campaigns/${a}`)).status, 404);
  const statuses = (await ctx.api('manager', 'GET', '/api/campaigns/20000/statuses')).body;
  assert.deepEqual(
    statuses.map((s: { name: string; campaignId: number | null }) => [s.name, s.campaignId]),
    [
      ['Call', null],
      ['Do not call', null],
      ['Własny', 20000],
    ],
  );
  assert.equal((await ctx.api('manager', 'GET', '/api/campaigns/next-id')).body.id, a, 'the old id is free again');
  // taken → 409; once it has cases → 409
  const taken = await ctx.api('manager', 'PATCH', '/api/campaigns/20000', { id: 12345 });
  assert.deepEqual([taken.status, taken.body.code, taken.body.field], [409, 'campaign_id_taken', 'id']);
  await assign(20000, [contactIds[11]]);
  const withCases = await ctx.api('manager', 'PATCH', '/api/campaigns/20000', { id: 20001 });
  assert.deepEqual([withCases.status, withCases.body.code, withCases.body.field], [409, 'conflict', 'id']);
  const same = await ctx.api('manager', 'PATCH', '/api/campaigns/20000', { id: 20000, description: 'bez zmiany id' });
  assert.equal(same.status, 200, 'the same id is no change');
  // given on create: taken → 409
  const dup = await create({ name: 'Kolejna', id: 20000 });
  assert.deepEqual([dup.status, dup.body.code, dup.body.field], [409, 'campaign_id_taken', 'id']);
  await setState(20000, 'running');
  await setState(20000, 'stopped');
});

test('CP-1: concurrent creations get distinct ids, and one name only once', async () => {
  const many = await Promise.all(Array.from({ length: 8 }, (_, i) => create({ name: `Równoległa ${i}` })));
  assert.deepEqual(
    many.map((r) => r.status),
    Array(8).fill(201),
  );
  assert.equal(new Set(many.map((r) => r.body.id)).size, 8);
  const same = await Promise.all(Array.from({ length: 6 }, () => create({ name: 'Jedna nazwa' })));
  assert.deepEqual(same.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
});

test('CP-1: names are unique ignoring case', async () => {
  await create({ name: 'Lato 2026' });
  const dup = await create({ name: 'LATO 2026 ' });
  assert.deepEqual([dup.status, dup.body.code, dup.body.field], [409, 'conflict', 'name']);
  const other = (await create({ name: 'Wiosna 2026' })).body.id;
  const rename = await ctx.api('manager', 'PATCH', `/api/campaigns/${other}`, { name: 'lato 2026' });
  assert.deepEqual([rename.status, rename.body.field], [409, 'name']);
  const recase = await ctx.api('manager', 'PATCH', `/api/campaigns/${other}`, { name: 'WIOSNA 2026' });
  assert.equal(recase.status, 200, 'its own name in other case is fine');
});

test('CP-9: the state machine allows exactly its transitions', async () => {
  const states = ['draft', 'running', 'paused', 'stopped', 'finished'] as const;
  const pathTo: Record<(typeof states)[number], string[]> = {
    draft: [],
    running: ['running'],
    paused: ['running', 'paused'],
    stopped: ['running', 'stopped'],
    finished: ['running', 'finished'],
  };
  const allowed = new Set([
    'draft>running',
    'running>paused',
    'paused>running',
    'running>stopped',
    'paused>stopped',
    'running>finished',
    'paused>finished',
    'stopped>finished',
  ]);
  let n = 0;
  for (const from of states) {
    for (const to of states) {
      const id = await readyCampaign(`Maszyna ${from}-${to}`);
      for (const s of pathTo[from]) assert.equal((await setState(id, s)).status, 200);
      const r = await setState(id, to);
      if (allowed.has(`${from}>${to}`)) {
        assert.equal(r.status, 200, `${from} → ${to}: ${r.res.body}`);
        assert.equal(r.body.state, to);
      } else {
        assert.equal(r.status, 409, `${from} → ${to} must be refused`);
        assert.equal(r.body.code, 'invalid_transition');
        assert.match(r.body.message, new RegExp(`${from}.*${to}`));
        assert.equal((await ctx.api('manager', 'GET', `/api/campaigns/${id}`)).body.state, from);
      }
      n++;
    }
  }
  assert.equal(n, 25);
  // the old PATCH {state} takes the same road; its current state is no change
  const id = await readyCampaign('Przez PATCH');
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { state: 'paused' })).body.code, 'invalid_transition');
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { state: 'running', parity: 3 })).body.state, 'running');
  assert.equal((await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { state: 'running' })).status, 200);
  assert.equal((await setState(id, 'bogus')).status, 400);
});

test('CP-9: running needs valid dates, a status agents can set (or a process) and agents', async () => {
  const id = (await create({ name: 'Niegotowa', validTo: '2026-03-01T00:00:00Z' })).body.id;
  for (const s of dictionary) assert.equal((await ctx.api('manager', 'DELETE', `/api/campaigns/${id}/statuses/${s.id}`)).status, 204);
  const c = (await ctx.api('manager', 'GET', `/api/campaigns/${id}`)).body;
  assert.equal(c.ready.ok, false);
  assert.equal(c.ready.problems.length, 3);
  assert.match(c.ready.problems[0], /expired/);
  assert.match(c.ready.problems[1], /status/);
  assert.match(c.ready.problems[2], /agents/);
  const r = await setState(id, 'running');
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 'campaign_not_ready');
  assert.deepEqual(r.body.details.problems, c.ready.problems);

  // fixing each problem in turn
  await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { validTo: '2026-04-01T00:00:00Z' });
  // a hidden or inactive status does not count
  const hidden = await post(`/api/campaigns/${id}/statuses`, { name: 'Ukryty', systemStatus: 'to_call', hidden: true });
  assert.equal(hidden.status, 201);
  assert.equal((await ctx.api('manager', 'GET', `/api/campaigns/${id}`)).body.ready.problems.length, 2);
  assert.equal((await post(`/api/campaigns/${id}/statuses`, { statusId: dictionary[0].id })).status, 201);
  // an empty group is nobody; a group with members is enough
  const empty = (await post('/api/agent-groups', { name: 'Pusta' })).body.id;
  await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { agentGroupIds: [empty] });
  assert.deepEqual((await ctx.api('manager', 'GET', `/api/campaigns/${id}`)).body.ready.problems, ['No agents: assign agents or an agent group with members']);
  await ctx.api('manager', 'PATCH', `/api/agent-groups/${empty}`, { memberIds: [agent3] });
  assert.deepEqual((await ctx.api('manager', 'GET', `/api/campaigns/${id}`)).body.ready, { ok: true, problems: [] });
  assert.equal((await setState(id, 'running')).status, 200);
  // a paused campaign that expired meanwhile cannot resume
  await setState(id, 'paused');
  await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { validTo: '2026-03-02T08:00:00Z' });
  assert.equal((await setState(id, 'running')).body.code, 'campaign_not_ready');

  // CP-10: a process campaign is ready when its process exists; CB-1: a callback campaign needs no agents
  const [proc] = await ctx.db.insert(processes).values({ name: 'Proces testowy', createdAt: ctx.clock.now(), updatedAt: ctx.clock.now() }).returning();
  const pc = await create({ name: 'Procesowa', processId: proc.id, type: 'callback' });
  assert.equal(pc.status, 201, pc.res.body);
  assert.deepEqual(pc.body.ready, { ok: true, problems: [] });
  assert.deepEqual((await ctx.api('manager', 'GET', `/api/campaigns/${pc.body.id}/statuses`)).body, [], 'no dictionary statuses added');
  await ctx.db.delete(processes).where(sql`id = ${proc.id}`);
  assert.match((await ctx.api('manager', 'GET', `/api/campaigns/${pc.body.id}`)).body.ready.problems[0], /process/);
});

test('AS-7, CT-8: stopping or finishing releases the cases: the contacts are free again', async () => {
  const id = await readyCampaign('Do zatrzymania');
  assert.equal((await setState(id, 'running')).status, 200);
  const mine = contactIds.slice(0, 3);
  assert.equal((await assign(id, mine)).added, 3);
  let c = (await ctx.api('manager', 'GET', `/api/campaigns/${id}`)).body;
  assert.deepEqual([c.total, c.unused], [3, 3]);
  assert.equal((await ctx.api('admin', 'GET', `/api/contacts/${mine[0]}`)).body.inCampaignId, id);
  assert.equal((await setState(id, 'paused')).status, 200);
  assert.equal((await ctx.api('admin', 'GET', `/api/contacts/${mine[0]}`)).body.inCampaignId, id, 'a pause keeps them');
  const stopped = await setState(id, 'stopped');
  assert.equal(stopped.status, 200);
  assert.deepEqual([stopped.body.total, stopped.body.unused], [3, 0]);
  for (const contact of mine) assert.equal((await ctx.api('admin', 'GET', `/api/contacts/${contact}`)).body.inCampaignId, null);
  // the list counts them in one query
  const list = (await ctx.api('supervisor', 'GET', '/api/campaigns?q=zatrzymania')).body;
  assert.deepEqual([list[0].total, list[0].unused, list[0].state], [3, 0, 'stopped']);
  // finishing straight from running does the same
  const other = await readyCampaign('Do zakończenia');
  await setState(other, 'running');
  await assign(other, mine);
  assert.equal((await setState(other, 'finished')).status, 200);
  c = (await ctx.api('manager', 'GET', `/api/campaigns/${other}`)).body;
  assert.deepEqual([c.total, c.unused, c.state], [3, 0, 'finished']);
  assert.equal((await ctx.api('admin', 'GET', `/api/contacts/${mine[1]}`)).body.inCampaignId, null);
});

test('CP-9: a clone copies the settings, routing and statuses; campaign-only statuses are copied, not shared', async () => {
  const group = (await post('/api/agent-groups', { name: 'Klonowa grupa', memberIds: [agent2] })).body.id;
  const src = (
    await create({
      name: 'Oryginał',
      mode: 'progressive',
      parity: 7,
      script: [{ kind: 'checkbox', key: 'ok', label: 'OK' }],
      agentIds: [agent],
      agentGroupIds: [group],
    })
  ).body;
  const own = (await post(`/api/campaigns/${src.id}/statuses`, { name: 'Tylko tutaj', systemStatus: 'my_record', color: '#112233' })).body;
  const call = dictionary[0].id;
  const withRules = await ctx.api('manager', 'PATCH', `/api/campaigns/${src.id}`, {
    retryRules: [
      { when: { statusIds: [own.id, call] }, action: { kind: 'call_again', delayMinutes: 30 } },
      { when: { connected: false }, action: { kind: 'delete' } },
    ],
  });
  assert.equal(withRules.status, 200, withRules.res.body);
  await setState(src.id, 'running');

  const r = await post(`/api/campaigns/${src.id}/clone`, { withContacts: false });
  assert.equal(r.status, 201, r.res.body);
  const copy = r.body.campaign;
  assert.deepEqual([r.body.copiedCases, r.body.skippedInUse], [0, 0]);
  assert.equal(copy.name, 'Oryginał (copy)');
  assert.equal(copy.state, 'draft');
  assert.equal(copy.clonedFrom, src.id);
  assert.notEqual(copy.id, src.id);
  assert.deepEqual([copy.mode, copy.parity, copy.script, copy.agentIds, copy.agentGroupIds], ['progressive', 7, src.script, [agent], [group]]);
  const statuses = (await ctx.api('manager', 'GET', `/api/campaigns/${copy.id}/statuses`)).body;
  const names = statuses.map((s: { name: string }) => s.name);
  assert.deepEqual(names, ['Call', 'Do not call', 'Tylko tutaj']);
  const ownCopy = statuses.find((s: { name: string }) => s.name === 'Tylko tutaj');
  assert.notEqual(ownCopy.id, own.id, 'copied, not shared');
  assert.equal(ownCopy.campaignId, copy.id);
  assert.equal(ownCopy.color, '#112233');
  assert.equal(statuses[0].id, call, 'dictionary statuses are shared');
  assert.deepEqual(copy.retryRules[0].when.statusIds, [ownCopy.id, call], "the copy's rules name the copy's statuses");
  // removing the copy's own status leaves the original's
  await ctx.api('manager', 'PATCH', `/api/campaigns/${copy.id}`, { retryRules: [] });
  assert.equal((await ctx.api('manager', 'DELETE', `/api/campaigns/${copy.id}/statuses/${ownCopy.id}`)).status, 204);
  assert.equal((await ctx.api('manager', 'GET', `/api/campaigns/${src.id}/statuses`)).body.length, 3);

  // names: (copy 2), an explicit one, conflicts
  assert.equal((await post(`/api/campaigns/${src.id}/clone`, { withContacts: false })).body.campaign.name, 'Oryginał (copy 2)');
  const named = await post(`/api/campaigns/${src.id}/clone`, { withContacts: false, name: 'Nazwany klon', id: 30000 });
  assert.deepEqual([named.body.campaign.id, named.body.campaign.name], [30000, 'Nazwany klon']);
  const nameTaken = await post(`/api/campaigns/${src.id}/clone`, { withContacts: false, name: 'ORYGINAŁ' });
  assert.deepEqual([nameTaken.status, nameTaken.body.field], [409, 'name']);
  const idTaken = await post(`/api/campaigns/${src.id}/clone`, { withContacts: false, id: 30000 });
  assert.deepEqual([idTaken.status, idTaken.body.code], [409, 'campaign_id_taken']);
  assert.equal((await post('/api/campaigns/99998/clone', { withContacts: false })).status, 404);
  await setState(src.id, 'stopped');
});

test('CP-9: a clone with contacts takes those free now, in the original order, and counts the rest', async () => {
  const src = await readyCampaign('Lista kontaktów');
  await setState(src, 'running');
  const list = [contactIds[7], contactIds[4], contactIds[9], contactIds[5], contactIds[6]];
  await assign(src, list);
  const order = await caseContacts(src);
  // while the original holds them, none is free
  const early = await post(`/api/campaigns/${src}/clone`, { withContacts: true });
  assert.deepEqual([early.body.copiedCases, early.body.skippedInUse], [0, 5]);
  await setState(src, 'stopped');
  // one is taken by another campaign meanwhile, one is blocked
  const other = await readyCampaign('Inna');
  await assign(other, [order[1]]);
  await post('/api/contacts/block', { filter: { ids: [order[3]] } });
  const r = await post(`/api/campaigns/${src}/clone`, { withContacts: true });
  assert.equal(r.status, 201, r.res.body);
  assert.deepEqual([r.body.copiedCases, r.body.skippedInUse, r.body.skippedBlocked], [3, 1, 1]);
  assert.deepEqual(await caseContacts(r.body.campaign.id), [order[0], order[2], order[4]], 'the original case order');
  assert.deepEqual([r.body.campaign.total, r.body.campaign.unused], [3, 3]);
  await post('/api/contacts/unblock', { filter: { ids: [order[3]] } });
  await ctx.db.execute(sql`update cases set released_at = ${ctx.clock.now()} where campaign_id in (${other}, ${r.body.campaign.id})`);
});

test('ST-4: campaign statuses from the dictionary or the campaign only; a process campaign refuses', async () => {
  const extra = await createStatus(ctx.db, { name: 'Oddzwonić', systemStatus: 'not_earlier_than' }, { now: ctx.clock.now(), campaignId: null });
  const id = (await create({ name: 'Statusy' })).body.id;
  const added = await post(`/api/campaigns/${id}/statuses`, { statusId: extra.id });
  assert.equal(added.status, 201);
  assert.deepEqual([added.body.id, added.body.campaignId], [extra.id, null]);
  assert.equal((await post(`/api/campaigns/${id}/statuses`, { statusId: extra.id })).status, 201, 'adding twice is harmless');
  const own = await post(`/api/campaigns/${id}/statuses`, { name: 'Tylko moja', systemStatus: 'do_not_call', autoOutcomes: ['busy'] });
  assert.equal(own.status, 201);
  assert.equal(own.body.campaignId, id);
  assert.equal((await ctx.api('manager', 'GET', `/api/campaigns/${id}/statuses`)).body.length, 4);
  assert.equal(
    (await listDictionary(ctx.db)).some((s) => s.name === 'Tylko moja'),
    false,
    'not added to the dictionary',
  );
  // a status a retry rule names stays
  await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { retryRules: [{ when: { statusIds: [extra.id] }, action: { kind: 'delete' } }] });
  const inUse = await ctx.api('manager', 'DELETE', `/api/campaigns/${id}/statuses/${extra.id}`);
  assert.deepEqual([inUse.status, inUse.body.code], [409, 'conflict']);
  await ctx.api('manager', 'PATCH', `/api/campaigns/${id}`, { retryRules: [] });
  assert.equal((await ctx.api('manager', 'DELETE', `/api/campaigns/${id}/statuses/${extra.id}`)).status, 204);
  assert.equal((await ctx.api('manager', 'DELETE', `/api/campaigns/${id}/statuses/${extra.id}`)).status, 404);
  assert.equal((await ctx.api('manager', 'DELETE', `/api/campaigns/${id}/statuses/${own.body.id}`)).status, 204);
  assert.equal((await rows(ctx.db, sql`select 1 from statuses where id = ${own.body.id}`)).length, 0, 'a campaign-only status goes with it');
  // not a dictionary status
  const foreign = await post(`/api/campaigns/${id}/statuses`, { statusId: own.body.id });
  assert.equal(foreign.status, 404);
  const bad = await post(`/api/campaigns/${id}/statuses`, { name: 'x' });
  assert.equal(bad.status, 400);
  // process campaigns
  const [proc] = await ctx.db.insert(processes).values({ name: 'Proces 2', createdAt: ctx.clock.now(), updatedAt: ctx.clock.now() }).returning();
  const pc = (await create({ name: 'Z procesem', processId: proc.id })).body.id;
  for (const r of [
    await post(`/api/campaigns/${pc}/statuses`, { statusId: extra.id }),
    await post(`/api/campaigns/${pc}/statuses`, { name: 'Nie', systemStatus: 'to_call' }),
    await ctx.api('manager', 'DELETE', `/api/campaigns/${pc}/statuses/${extra.id}`),
  ]) {
    assert.deepEqual([r.status, r.body.code], [409, 'conflict']);
  }
  // leaving the process for the dictionary brings the auto-added statuses
  const back = await ctx.api('manager', 'PATCH', `/api/campaigns/${pc}`, { processId: null });
  assert.equal(back.status, 200);
  assert.equal((await ctx.api('manager', 'GET', `/api/campaigns/${pc}/statuses`)).body.length, 2);
});

test('CP-9: only a draft without cases can be deleted', async () => {
  const draft = (await create({ name: 'Do usunięcia', agentIds: [agent] })).body.id;
  await post(`/api/campaigns/${draft}/statuses`, { name: 'Własny', systemStatus: 'to_call' });
  assert.equal((await ctx.api('manager', 'DELETE', `/api/campaigns/${draft}`)).status, 204);
  assert.equal((await ctx.api('manager', 'GET', `/api/campaigns/${draft}`)).status, 404);
  assert.equal((await ctx.api('manager', 'DELETE', `/api/campaigns/${draft}`)).status, 404);
  const withCases = (await create({ name: 'Z kontaktami' })).body.id;
  await assign(withCases, [contactIds[10]]);
  assert.deepEqual((await ctx.api('manager', 'DELETE', `/api/campaigns/${withCases}`)).body.code, 'conflict');
  const running = await readyCampaign('Działa');
  await setState(running, 'running');
  assert.equal((await ctx.api('manager', 'DELETE', `/api/campaigns/${running}`)).status, 409);
  await setState(running, 'stopped');
  await ctx.db.execute(sql`update cases set released_at = ${ctx.clock.now()} where campaign_id = ${withCases}`);
});

test('CP-1 routing: agent groups, and the agents of a campaign directly and through groups', async () => {
  const g = await post('/api/agent-groups', { name: 'Nocna zmiana', memberIds: [agent2, agent3, agent2] });
  assert.equal(g.status, 201);
  assert.deepEqual(g.body.memberIds, [agent2, agent3]);
  assert.deepEqual((await post('/api/agent-groups', { name: 'nocna ZMIANA' })).body.field, 'name');
  const notAgent = await post('/api/agent-groups', { name: 'Kierownicy', memberIds: [agent, ctx.users.manager] });
  assert.deepEqual([notAgent.status, notAgent.body.field], [400, 'memberIds[1]']);
  const list = (await ctx.api('supervisor', 'GET', '/api/agent-groups')).body;
  assert.ok(list.some((x: { name: string; memberIds: number[] }) => x.name === 'Nocna zmiana' && x.memberIds.length === 2));

  const c1 = (await create({ name: 'Routing 1', agentIds: [agent, agent2], agentGroupIds: [g.body.id] })).body.id;
  const c2 = (await create({ name: 'Routing 2', agentGroupIds: [g.body.id] })).body.id;
  const c3 = (await create({ name: 'Routing 3', agentIds: [agent] })).body.id;
  assert.deepEqual(
    await campaignAgents(ctx.db, c1),
    [agent, agent2, agent3].sort((a, b) => a - b),
  );
  assert.deepEqual(await campaignAgents(ctx.db, c2), [agent2, agent3]);
  const mineBefore = await agentCampaignIds(ctx.db, agent3);
  assert.ok(mineBefore.includes(c1) && mineBefore.includes(c2) && !mineBefore.includes(c3));
  assert.ok((await agentCampaignIds(ctx.db, agent)).includes(c3));

  const renamed = await ctx.api('manager', 'PATCH', `/api/agent-groups/${g.body.id}`, { name: 'Dzienna zmiana', memberIds: [agent3] });
  assert.deepEqual([renamed.body.name, renamed.body.memberIds], ['Dzienna zmiana', [agent3]]);
  assert.deepEqual(await campaignAgents(ctx.db, c2), [agent3]);
  assert.equal((await agentCampaignIds(ctx.db, agent2)).includes(c2), false);
  // an inactive agent works no campaign
  await ctx.db.execute(sql`update users set active = false where id = ${agent3}`);
  assert.deepEqual(await campaignAgents(ctx.db, c2), []);
  await ctx.db.execute(sql`update users set active = true where id = ${agent3}`);

  assert.equal((await ctx.api('manager', 'DELETE', `/api/agent-groups/${g.body.id}`)).status, 204);
  assert.deepEqual((await ctx.api('manager', 'GET', `/api/campaigns/${c2}`)).body.agentGroupIds, []);
  assert.equal((await ctx.api('manager', 'DELETE', `/api/agent-groups/${g.body.id}`)).status, 404);
  assert.equal((await ctx.api('manager', 'PATCH', `/api/agent-groups/${g.body.id}`, { name: 'x' })).status, 404);

  const agents = (await ctx.api('supervisor', 'GET', '/api/agents')).body;
  assert.deepEqual(
    agents.map((a: { username: string }) => a.username),
    ['agent', 'agent3', 'agent2'],
  );
  assert.deepEqual(Object.keys(agents[0]).sort(), ['active', 'displayName', 'id', 'username']);
});

test('CP-8: supervisors read campaigns; only campaign management changes them', async () => {
  const id = (await create({ name: 'Uprawnienia' })).body.id;
  assert.equal((await ctx.api('supervisor', 'GET', '/api/campaigns')).status, 200);
  assert.equal((await ctx.api('supervisor', 'GET', `/api/campaigns/${id}`)).status, 200);
  assert.equal((await ctx.api('supervisor', 'GET', `/api/campaigns/${id}/statuses`)).status, 200);
  assert.equal((await ctx.api('supervisor', 'GET', '/api/agents')).status, 200);
  assert.equal((await post('/api/campaigns', { name: 'Nie wolno' }, 'supervisor')).status, 403);
  assert.equal((await ctx.api('supervisor', 'PATCH', `/api/campaigns/${id}`, { name: 'x' })).status, 403);
  assert.equal((await post(`/api/campaigns/${id}/state`, { state: 'running' }, 'supervisor')).status, 403);
  assert.equal((await post(`/api/campaigns/${id}/clone`, { withContacts: false }, 'supervisor')).status, 403);
  assert.equal((await post('/api/agent-groups', { name: 'x' }, 'supervisor')).status, 403);
  assert.equal((await ctx.api('supervisor', 'DELETE', `/api/campaigns/${id}`)).status, 403);
  assert.equal((await ctx.api('agent', 'GET', '/api/campaigns')).status, 403);
  assert.equal((await post('/api/campaigns', { name: 'Admin może' }, 'admin')).status, 201);
});
