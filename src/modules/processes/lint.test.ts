// The process linter: one case per finding code, a clean realistic process that passes, the
// PR-3 fix on a copy, and properties over random graphs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dialOutcomes, processQualifiers } from '../statuses/types.ts';
import { lintProcess } from './lint.ts';
import type { ActionDef, LintFinding, ProcessDef, ProcessStatusDef, StatusExits } from './types.ts';

function status(key: string, over: Partial<Omit<ProcessStatusDef, 'exits'>> & { exits?: Partial<StatusExits> } = {}): ProcessStatusDef {
  const { exits, ...rest } = over;
  return {
    key,
    name: key[0].toUpperCase() + key.slice(1),
    description: '',
    responsibleUserId: null,
    availability: 'agents',
    qualifier: 'none',
    callbackDelaySeconds: null,
    callbackAt: null,
    color: '#888888',
    initial: false,
    x: 0,
    y: 0,
    ...rest,
    exits: { script: [], dialer: {}, counter: null, event: { inboundEmail: null }, waitingOnDialer: null, actions: [], ...exits },
  };
}

function action(success: string | null, failure: string | null = null): ActionDef {
  return { kind: 'email_template', param: '7', delay: { minutes: 60 * 24 * 3, from: 'status' }, successStatusKey: success, failureStatusKey: failure };
}

function process(statuses: ProcessStatusDef[], inboundStatusKeys: string[] = []): ProcessDef {
  return { name: 'Sales', description: '', kind: 'operational', inboundStatusKeys, statuses };
}

const codes = (findings: LintFinding[]) => findings.map((f) => f.code);

/** A realistic sales process: the linter must find nothing to complain about. */
function salesProcess(): ProcessDef {
  return process(
    [
      status('new', {
        initial: true,
        availability: 'system',
        exits: { dialer: { busy: 'busy', no_answer: 'busy', invalid: 'bad_number', voicemail: 'busy', unhandled: null, answered: null } },
      }),
      status('busy', {
        availability: 'system',
        qualifier: 'public_callback_relative',
        callbackDelaySeconds: 2 * 3600,
        exits: { dialer: { busy: 'busy', no_answer: 'busy' }, counter: { limit: 5, statusKey: 'not_reached' } },
      }),
      status('interested', { qualifier: 'private_callback_agent', exits: { script: [{ field: 'offer', value: 'yes', statusKey: 'sale' }] } }),
      status('sale', { qualifier: 'success_end', exits: { actions: [action(null)] } }),
      status('not_interested', { name: 'Not interested', qualifier: 'ending' }),
      status('not_reached', { name: 'Not reached', availability: 'system', qualifier: 'ending' }),
      status('bad_number', { name: 'Bad number', availability: 'system', qualifier: 'ending' }),
      status('send_offer', {
        name: 'Send offer',
        qualifier: 'waiting',
        exits: { actions: [action('interested', 'new')] },
      }),
      status('inbound', { name: 'Inbound call', availability: 'system', exits: { script: [{ field: 'topic', value: 'sale', statusKey: 'sale' }] } }),
    ],
    ['inbound'],
  );
}

test('a clean realistic process has no errors or warnings', () => {
  const { findings } = lintProcess(salesProcess());
  assert.deepEqual(findings, []);
});

const cases: { name: string; def: () => ProcessDef; code: LintFinding['code']; severity: LintFinding['severity']; statusKey?: string; exit?: string }[] = [
  { name: 'no statuses', def: () => process([]), code: 'no_statuses', severity: 'error' },
  {
    name: 'no initial status',
    def: () => process([status('a'), status('b', { qualifier: 'ending' })]),
    code: 'initial_marked',
    severity: 'info',
    statusKey: 'a',
  },
  {
    name: 'two initial statuses',
    def: () => process([status('a', { initial: true }), status('b', { initial: true })]),
    code: 'several_initial',
    severity: 'error',
    statusKey: 'b',
  },
  {
    name: 'two statuses with one key',
    def: () => process([status('a', { initial: true }), status('a', { name: 'Other' })]),
    code: 'duplicate_key',
    severity: 'error',
    statusKey: 'a',
  },
  {
    name: 'names equal ignoring case and spaces',
    def: () => process([status('a', { initial: true, name: 'Busy' }), status('b', { name: ' busy ' })]),
    code: 'duplicate_name',
    severity: 'error',
    statusKey: 'b',
  },
  {
    name: 'a dialer exit to a missing status',
    def: () => process([status('a', { initial: true, exits: { dialer: { busy: 'gone' } } })]),
    code: 'dangling_exit',
    severity: 'error',
    statusKey: 'a',
    exit: 'dialer.busy',
  },
  {
    name: 'an action success to a missing status',
    def: () => process([status('a', { initial: true, exits: { actions: [action('gone')] } })]),
    code: 'dangling_exit',
    severity: 'error',
    statusKey: 'a',
    exit: 'actions[0].success',
  },
  {
    name: 'a script mapping to a missing status',
    def: () => process([status('a', { initial: true, exits: { script: [{ field: 'f', value: 'v', statusKey: 'gone' }] } })]),
    code: 'dangling_exit',
    severity: 'error',
    statusKey: 'a',
    exit: 'script[0]',
  },
  {
    name: 'an inbound status that does not exist',
    def: () => process([status('a', { initial: true })], ['gone']),
    code: 'dangling_exit',
    severity: 'error',
    exit: 'inboundStatusKeys[0]',
  },
  {
    name: 'a system status nothing leads to',
    def: () => process([status('a', { initial: true }), status('orphan', { availability: 'system', qualifier: 'ending' })]),
    code: 'unreachable',
    severity: 'warning',
    statusKey: 'orphan',
  },
  {
    name: 'a waiting status whose actions set nothing',
    def: () =>
      process([status('a', { initial: true, exits: { actions: [action('w')] } }), status('w', { qualifier: 'waiting', exits: { actions: [action(null)] } })]),
    code: 'dead_end',
    severity: 'warning',
    statusKey: 'w',
  },
  {
    name: 'no agent statuses and a status without exits',
    def: () =>
      process([
        status('a', { initial: true, availability: 'system', exits: { dialer: { busy: 'stuck' } } }),
        status('stuck', { availability: 'system', qualifier: 'public_callback_agent' }),
      ]),
    code: 'dead_end',
    severity: 'warning',
    statusKey: 'stuck',
  },
  {
    name: 'busy leads back to itself without a counter',
    def: () => process([status('a', { initial: true, exits: { dialer: { busy: 'a' } } })]),
    code: 'loop_without_counter',
    severity: 'warning',
    statusKey: 'a',
  },
  {
    name: 'two statuses bouncing through dialer and action exits',
    def: () =>
      process([
        status('a', { initial: true, exits: { dialer: { no_answer: 'b' } } }),
        status('b', { availability: 'system', qualifier: 'waiting', exits: { actions: [action('a')] } }),
      ]),
    code: 'loop_without_counter',
    severity: 'warning',
    statusKey: 'a',
  },
  {
    name: 'a relative callback without a delay',
    def: () => process([status('a', { initial: true, qualifier: 'private_callback_relative', callbackDelaySeconds: 0 })]),
    code: 'missing_callback_setting',
    severity: 'error',
    statusKey: 'a',
  },
  {
    name: 'an absolute callback without a time',
    def: () => process([status('a', { initial: true, qualifier: 'success_public_callback_absolute' })]),
    code: 'missing_callback_setting',
    severity: 'error',
    statusKey: 'a',
  },
  {
    name: 'an initial status that ends the case',
    def: () => process([status('a', { initial: true, qualifier: 'ending' })]),
    code: 'initial_not_callable',
    severity: 'warning',
    statusKey: 'a',
  },
];

for (const c of cases) {
  test(`${c.code}: ${c.name}`, () => {
    const { findings } = lintProcess(c.def());
    const hit = findings.find((f) => f.code === c.code && (c.exit === undefined || f.exit === c.exit));
    assert.ok(hit, `expected ${c.code} in ${JSON.stringify(findings)}`);
    assert.equal(hit.severity, c.severity);
    assert.equal(hit.statusKey, c.statusKey);
    assert.ok(hit.message.length > 10 && !hit.message.includes('undefined'), hit.message);
  });
}

test('messages name statuses by name', () => {
  const { findings } = lintProcess(process([status('a', { initial: true, name: 'Call me', exits: { dialer: { busy: 'gone' } } })]));
  assert.match(findings[0].message, /"Call me"/);
  assert.match(findings[0].message, /dialer\.busy/);
});

test('the initial fix marks the first status in a copy and leaves the input alone', () => {
  const input = process([status('a'), status('b')]);
  const before = structuredClone(input);
  const { def, findings } = lintProcess(input);
  assert.deepEqual(input, before);
  assert.equal(def.statuses[0].initial, true);
  assert.equal(def.statuses[1].initial, false);
  assert.notEqual(def.statuses[0], input.statuses[0]);
  assert.equal(findings[0].message, 'No status was marked initial, so "A" was marked initial.');
  assert.ok(!codes(findings).includes('several_initial'));
});

test('a counter anywhere in the cycle breaks the loop', () => {
  const def = process([
    status('a', { initial: true, exits: { dialer: { busy: 'b' } } }),
    status('b', { exits: { dialer: { busy: 'a' }, counter: { limit: 3, statusKey: 'c' } } }),
    status('c', { qualifier: 'ending' }),
  ]);
  assert.ok(!codes(lintProcess(def).findings).includes('loop_without_counter'));
});

test('a loop through a script mapping is an agent decision, not a loop', () => {
  const def = process([status('a', { initial: true, exits: { script: [{ field: 'f', value: 'again', statusKey: 'a' }] } })]);
  assert.deepEqual(lintProcess(def).findings, []);
});

test('one finding per cycle, naming every status in it', () => {
  const def = process([
    status('a', { initial: true, exits: { dialer: { busy: 'b', no_answer: 'c' } } }),
    status('b', { exits: { dialer: { busy: 'c' } } }),
    status('c', { exits: { dialer: { busy: 'a' } } }),
  ]);
  const loops = lintProcess(def).findings.filter((f) => f.code === 'loop_without_counter');
  assert.equal(loops.length, 1);
  assert.match(loops[0].message, /"A", "B" and "C"/);
});

test('a status reached only from an unreachable one is unreachable too', () => {
  const def = process([
    status('a', { initial: true }),
    status('x', { availability: 'system', exits: { dialer: { busy: 'y' } } }),
    status('y', { availability: 'system', qualifier: 'ending' }),
  ]);
  const keys = lintProcess(def)
    .findings.filter((f) => f.code === 'unreachable')
    .map((f) => f.statusKey);
  assert.deepEqual(keys, ['x', 'y']);
});

test('a terminal status is not dialed, so its dialer exits lead nowhere', () => {
  const def = process([
    status('a', { initial: true, qualifier: 'ending', exits: { dialer: { busy: 'b' } } }),
    status('b', { availability: 'system', qualifier: 'ending' }),
  ]);
  assert.ok(lintProcess(def).findings.some((f) => f.code === 'unreachable' && f.statusKey === 'b'));
});

test('an inbound status is an entry point', () => {
  const def = process([status('a', { initial: true }), status('in', { availability: 'system', qualifier: 'ending' })], ['in']);
  assert.deepEqual(lintProcess(def).findings, []);
});

// ---- properties ---------------------------------------------------------------------------

const pool = ['a', 'b', 'c', 'd', 'e'];

/** Random graphs over a few keys; `targets` decides whether exits may point nowhere. */
function arbProcess(targets: string[], withDuplicates: boolean) {
  const target = fc.constantFrom(...targets);
  const maybe = fc.option(target, { nil: null });
  const exits = fc.record({
    script: fc.array(fc.record({ field: fc.constant('f'), value: fc.string({ maxLength: 2 }), statusKey: target }), { maxLength: 2 }),
    dialer: fc.dictionary(fc.constantFrom(...dialOutcomes), maybe, { maxKeys: 3 }),
    counter: fc.option(fc.record({ limit: fc.integer({ min: 1, max: 5 }), statusKey: target }), { nil: null }),
    event: fc.record({ inboundEmail: maybe }),
    waitingOnDialer: maybe,
    actions: fc.array(
      fc.record({
        kind: fc.constant('sms' as const),
        param: fc.constant('hi'),
        delay: fc.constant(null),
        successStatusKey: maybe,
        failureStatusKey: maybe,
      }),
      { maxLength: 2 },
    ),
  });
  const one = fc.record({
    key: withDuplicates ? fc.constantFrom(...pool) : fc.constant(''),
    name: fc.constantFrom('New', 'new', 'Busy', 'Sale', 'Gone', ''),
    availability: fc.constantFrom('agents' as const, 'system' as const),
    qualifier: fc.constantFrom(...processQualifiers),
    callbackDelaySeconds: fc.option(fc.integer({ min: -1, max: 3600 }), { nil: null }),
    callbackAt: fc.constantFrom(null, '2026-05-01T10:00:00Z', 'not a date'),
    initial: fc.boolean(),
    exits,
  });
  return fc.array(one, { minLength: withDuplicates ? 0 : pool.length, maxLength: pool.length }).chain((raw) =>
    fc.subarray(targets, { maxLength: 2 }).map((inbound) => {
      const statuses = raw.map((r, i) => status(withDuplicates ? r.key : pool[i], { ...r, key: withDuplicates ? r.key : pool[i] }));
      return process(statuses, inbound);
    }),
  );
}

test('property: lint never throws, never mutates, and only names statuses of the def', () => {
  fc.assert(
    fc.property(arbProcess([...pool, 'gone'], true), (input) => {
      const before = JSON.stringify(input);
      const { def, findings } = lintProcess(input);
      assert.equal(JSON.stringify(input), before);
      const keys = new Set(def.statuses.map((s) => s.key));
      for (const f of findings) if (f.statusKey !== undefined) assert.ok(keys.has(f.statusKey), `${f.code} names ${f.statusKey}`);
      if (def.statuses.length > 0) assert.ok(def.statuses.some((s) => s.initial));
    }),
  );
});

test('property: no dangling exits and one initial → no dangling_exit or several_initial', () => {
  fc.assert(
    fc.property(arbProcess(pool, false), fc.nat(pool.length - 1), (input, initialAt) => {
      input.statuses.forEach((s, i) => {
        s.initial = i === initialAt;
      });
      const found = codes(lintProcess(input).findings);
      assert.ok(!found.includes('dangling_exit') && !found.includes('several_initial') && !found.includes('initial_marked'), found.join());
    }),
  );
});

// ---- action parameters (checked at save, not first at run time) ------------------------------
function withActions(actions: ActionDef[]): ProcessDef {
  return process([status('new', { initial: true, qualifier: 'ending', exits: { actions } })]);
}
const act = (kind: ActionDef['kind'], param: string): ActionDef => ({ kind, param, delay: null, successStatusKey: null, failureStatusKey: null });
const refs = { userIds: new Set([3]), campaignIds: new Set([10001]), templateIds: new Set([7]) };
const paramFindings = (def: ProcessDef, r = refs) => lintProcess(def, r).findings.filter((f) => f.code.startsWith('action_param'));

test('action parameters: empty or malformed ones are errors naming the status and actions[i]', () => {
  const found = paramFindings(
    withActions([
      act('notification', ''),
      act('move_to_campaign', 'sales'),
      act('webhook', 'ftp://courier.example/hook'),
      act('email_case', 'boss@example.com; not-an-address'),
      act('sms', '   '),
      act('copy_case', '10001'),
      act('webhook', 'https://courier.example/hook'),
      act('email_case_xml', 'a@example.com, b@example.com'),
      act('call_and_play', 'Dzień dobry'),
    ]),
  );
  assert.deepEqual(
    found.map((f) => [f.severity, f.code, f.statusKey, f.exit]),
    [
      ['error', 'action_param_missing', 'new', 'actions[0]'],
      ['error', 'action_param_invalid', 'new', 'actions[1]'],
      ['error', 'action_param_invalid', 'new', 'actions[2]'],
      ['error', 'action_param_invalid', 'new', 'actions[3]'],
      ['error', 'action_param_missing', 'new', 'actions[4]'],
    ],
  );
  assert.match(found[0].message, /"New": actions\[0\] \(notification\) has no parameter; choose the user to notify/);
  assert.match(found[3].message, /"not-an-address" is not an e-mail address/);
});

test('action parameters: ids naming no user, campaign or template are errors when the caller says what exists', () => {
  const def = withActions([act('notification', '3'), act('notification', '4'), act('copy_case', '10002'), act('email_template', '7'), act('email_template', '8')]);
  assert.deepEqual(
    paramFindings(def).map((f) => [f.code, f.exit]),
    [
      ['action_param_unknown', 'actions[1]'],
      ['action_param_unknown', 'actions[2]'],
      ['action_param_unknown', 'actions[4]'],
    ],
  );
  assert.match(paramFindings(def)[2].message, /names an e-mail template 8 that does not exist/);
  assert.deepEqual(
    lintProcess(def).findings.filter((f) => f.code.startsWith('action_param')),
    [],
    'without refs only the form is checked',
  );
});
