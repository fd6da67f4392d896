// Processes through the API (PR-1..PR-7) and a process campaign worked end to end: initial
// status on assignment (PR-3), script mapping (PR-4a), dialer outcome exits (PR-4c), the
// transition counter (PR-4d), success counting (QL-1) — and the status dictionary (ST-1..ST-4).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestContext } from '../../../test/harness.ts';
import { rows } from '../../db/query.ts';
import { loginToCampaigns, saveResult, takeNextCase, type WorkDeps } from '../agents/work.ts';
import { emptyExits } from './types.ts';
import type { ProcessDef, ProcessStatusDef } from './types.ts';

const ctx = await createTestContext();
after(() => ctx.close());
const work: WorkDeps = { db: ctx.db, events: ctx.events, jobs: ctx.jobs, leaseMinutes: 60 };

function st(key: string, qualifier: ProcessStatusDef['qualifier'], over: Partial<ProcessStatusDef> = {}): ProcessStatusDef {
  return {
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
  };
}

const salesProcess = (): ProcessDef => ({
  name: 'Sales',
  description: 'Outbound sales',
  kind: 'operational',
  inboundStatusKeys: [],
  statuses: [
    st('New', 'none', {
      exits: { ...emptyExits(), dialer: { busy: 'Busy', no_answer: 'Busy' }, script: [{ field: 'interest', value: 'yes', statusKey: 'Interested' }] },
    }),
    st('Busy', 'public_callback_relative', {
      availability: 'system',
      callbackDelaySeconds: 600,
      exits: { ...emptyExits(), dialer: { busy: 'Busy', no_answer: 'Busy' }, counter: { limit: 2, statusKey: 'Unreachable' } },
    }),
    st('Unreachable', 'ending', { availability: 'system' }),
    st('Interested', 'private_callback_agent'),
    st('Sale', 'success_end'),
    st('Not_interested', 'ending', { name: 'Not interested' }),
  ],
});

test('PR-3: saving without an initial status marks one and says so; errors refuse the save', async () => {
  const created = await ctx.api('manager', 'POST', '/api/processes', salesProcess());
  assert.equal(created.status, 201, created.res.body);
  assert.ok(created.body.findings.some((f: { code: string }) => f.code === 'initial_marked'));
  assert.equal(created.body.process.statuses.find((s: { initial: boolean }) => s.initial).key, 'New');

  const broken = salesProcess();
  broken.name = 'Broken';
  broken.statuses[0].exits.dialer.busy = 'Deleted';
  const refused = await ctx.api('manager', 'POST', '/api/processes', broken);
  assert.equal(refused.status, 422);
  assert.equal(refused.body.code, 'process_invalid');
  assert.ok(refused.body.details.findings.some((f: { code: string; exit: string }) => f.code === 'dangling_exit' && f.exit === 'dialer.busy'));

  const lint = await ctx.api('manager', 'POST', '/api/processes/lint', broken);
  assert.equal(lint.status, 200);
  assert.ok(lint.body.findings.length > 0);
  assert.equal((await ctx.api('supervisor', 'POST', '/api/processes', salesProcess())).status, 403);
});

test('an action whose parameter is empty, malformed or names nothing is refused at save, naming the status and actions[i]', async () => {
  const def = salesProcess();
  def.name = 'Bad actions';
  const sale = def.statuses.find((s) => s.key === 'Sale')!;
  const act = (kind: string, param: string) => ({ kind, param, delay: null, successStatusKey: null, failureStatusKey: null });
  sale.exits.actions = [
    act('notification', String(ctx.users.supervisor)),
    act('notification', '999999'),
    act('webhook', 'javascript:alert(1)'),
    act('email_template', '424242'),
  ] as typeof sale.exits.actions;
  const refused = await ctx.api('manager', 'POST', '/api/processes', def);
  assert.equal(refused.status, 422, refused.res.body);
  assert.deepEqual(
    refused.body.details.findings.filter((f: { code: string }) => f.code.startsWith('action_param')).map((f: { code: string; statusKey: string; exit: string }) => [f.code, f.statusKey, f.exit]),
    [
      ['action_param_unknown', 'Sale', 'actions[1]'],
      ['action_param_invalid', 'Sale', 'actions[2]'],
      ['action_param_unknown', 'Sale', 'actions[3]'],
    ],
  );
  // the editor's check (no save) says the same
  const lint = await ctx.api('manager', 'POST', '/api/processes/lint', def);
  assert.equal(lint.body.findings.filter((f: { code: string }) => f.code.startsWith('action_param')).length, 3);
  // naming an active user, it saves
  sale.exits.actions = [act('notification', String(ctx.users.supervisor))] as typeof sale.exits.actions;
  assert.equal((await ctx.api('manager', 'POST', '/api/processes', def)).status, 201);
});

test('a status removed from the graph keeps its id for the cases that carry it; keys keep ids across saves', async () => {
  const p = (await ctx.api('manager', 'POST', '/api/processes', { ...salesProcess(), name: 'Keys' })).body.process;
  const idOf = (list: { key: string; id: number }[], key: string) => list.find((s) => s.key === key)?.id;
  const def = salesProcess();
  def.name = 'Keys';
  def.statuses = def.statuses.filter((s) => s.key !== 'Not_interested');
  def.statuses[0].initial = true;
  const saved = await ctx.api('manager', 'PUT', `/api/processes/${p.id}`, def);
  assert.equal(saved.status, 200, saved.res.body);
  assert.equal(idOf(saved.body.process.statuses, 'Sale'), idOf(p.statuses, 'Sale'));
  assert.equal(idOf(saved.body.process.statuses, 'Not_interested'), undefined);
});

test('a process campaign: initial status, script mapping, dialer exits, transition counter, success', async () => {
  const p = (await ctx.api('manager', 'POST', '/api/processes', { ...salesProcess(), name: 'Worked' })).body.process;
  const byKey = Object.fromEntries(p.statuses.map((s: { key: string; id: number }) => [s.key, s.id]));
  for (let i = 0; i < 3; i++) {
    assert.equal((await ctx.api('manager', 'POST', '/api/contacts', { lastName: `P${i}`, city: 'Proc', phone1: `+4850199000${i}` })).status, 201);
  }
  const c = (await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Process campaign', processId: p.id, agentIds: [ctx.users.agent] })).body;
  assert.equal((await ctx.api('manager', 'POST', '/api/assignments', { campaignId: c.id, filter: { city: 'Proc' } })).status, 200);
  const initial = await rows<{ status_id: number }>(ctx.db, sql`select distinct status_id from cases where campaign_id = ${c.id}`);
  assert.deepEqual(initial, [{ status_id: byKey.New }], 'PR-3: every case starts in the initial status');
  assert.equal((await ctx.api('manager', 'POST', `/api/campaigns/${c.id}/state`, { state: 'running' })).status, 200);
  const agent = ctx.users.agent as number;
  await loginToCampaigns(work, agent, [c.id], ctx.clock.now());
  const next = async () => (await takeNextCase(work, agent, ctx.clock.now())).caseId as number;

  // script mapping: the agent answers, the process picks the status
  const a = await next();
  const r1 = await saveResult(
    work,
    agent,
    a,
    { outcome: 'answered', answers: { interest: 'yes' }, callbackAt: new Date(ctx.clock.now().getTime() + 3_600_000) },
    ctx.clock.now(),
  );
  assert.equal(r1.status.key, 'Interested');
  assert.equal(r1.case.ownerId, agent, 'a private callback of the agent who set it');

  // dialer outcome with no status: busy → Busy (public callback in 10 min), twice; the third time the counter ends it
  const b = await next();
  const r2 = await saveResult(work, agent, b, { outcome: 'busy' }, ctx.clock.now());
  assert.equal(r2.status.key, 'Busy');
  assert.equal(r2.case.callableAt?.getTime(), ctx.clock.now().getTime() + 600_000);
  const outcomes: string[] = [];
  for (let i = 0; i < 2; i++) {
    ctx.clock.advance(11 * 60_000);
    const again = await next();
    assert.equal(again, b, 'the due public callback comes before fresh cases');
    outcomes.push((await saveResult(work, agent, again, { outcome: 'no_answer' }, ctx.clock.now())).status.key as string);
  }
  assert.deepEqual(outcomes, ['Busy', 'Unreachable'], 'PR-4d: the counter (limit 2) sends the third entry to Unreachable');

  // success
  const d = await next();
  const r3 = await saveResult(work, agent, d, { outcome: 'answered', statusId: byKey.Sale }, ctx.clock.now());
  assert.equal(r3.next.successDelta, 1);
  const stats = await ctx.api('supervisor', 'GET', `/api/campaigns/${c.id}/stats`);
  assert.equal(stats.body.successes, 1);
  assert.equal(stats.body.byAgent[0].successes, 1);
  const attempts = await ctx.api('supervisor', 'GET', `/api/campaigns/${c.id}/attempts?param=interest&value=yes`);
  assert.equal(attempts.body.total, 1, 'CP-5: script answers are searchable in the attempts view');
  assert.ok(attempts.body.columns.includes('interest'));

  // system-only statuses are not the agent's to pick
  const e = await ctx.api('agent', 'GET', `/api/cases/${a}`);
  assert.ok(!e.body.statuses.some((s: { name: string }) => s.name === 'Busy'));
  assert.equal((await ctx.api('manager', 'DELETE', `/api/processes/${p.id}`)).status, 409, 'a process in use is not deleted');
});

test('ST-1..ST-4: the dictionary has the defaults; campaign-only statuses stay out of it; in-use statuses cannot be deleted', async () => {
  const dict = await ctx.api('supervisor', 'GET', '/api/statuses');
  assert.deepEqual(
    dict.body.slice(0, 2).map((s: { name: string; systemStatus: string; autoAdd: boolean }) => [s.name, s.systemStatus, s.autoAdd]),
    [
      ['Call', 'to_call', true],
      ['Do not call', 'do_not_call', true],
    ],
  );
  const mine = await ctx.api('manager', 'POST', '/api/statuses', { name: 'Interested', systemStatus: 'my_record', autoOutcomes: ['busy'] });
  assert.equal(mine.status, 201);
  assert.equal(mine.body.agentPicksTime, true, 'ST-3: my record picks a date');
  assert.equal((await ctx.api('manager', 'POST', '/api/statuses', { name: 'interested ', systemStatus: 'to_call' })).status, 409);
  const c = (await ctx.api('manager', 'POST', '/api/campaigns', { name: 'Dictionary campaign' })).body;
  const names = async () => (await ctx.api('manager', 'GET', `/api/campaigns/${c.id}/statuses`)).body.map((s: { name: string }) => s.name);
  assert.deepEqual(await names(), ['Call', 'Do not call'], 'auto-added defaults');
  await ctx.api('manager', 'POST', `/api/campaigns/${c.id}/statuses`, { statusId: mine.body.id });
  await ctx.api('manager', 'POST', `/api/campaigns/${c.id}/statuses`, { name: 'Only here', systemStatus: 'do_not_call' });
  assert.deepEqual((await names()).sort(), ['Call', 'Do not call', 'Interested', 'Only here']);
  assert.ok(!(await ctx.api('manager', 'GET', '/api/statuses')).body.some((s: { name: string }) => s.name === 'Only here'));
  const used = (await ctx.api('manager', 'GET', '/api/statuses')).body.find((s: { name: string }) => s.name === 'Do not call');
  assert.ok(used);
  const anyCase = await rows<{ id: string }>(ctx.db, sql`select id from cases limit 1`);
  assert.equal(anyCase.length, 1, 'the process campaign above left cases');
  await ctx.db.execute(sql`update cases set status_id = ${used.id} where id = ${anyCase[0].id}`);
  const del = await ctx.api('manager', 'DELETE', `/api/statuses/${used.id}`);
  assert.equal(del.status, 409);
  assert.equal(del.body.code, 'status_in_use');
});
