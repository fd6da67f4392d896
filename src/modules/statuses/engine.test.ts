// The status engine, qualifier by qualifier: one table row each, the full resulting state from
// one starting case; then the edges the spec names, the CP-4 rules, and properties that must hold
// for any case, status, actor and time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AppError, type ErrorCode } from '../../shared/errors.ts';
import { applyRetryRules, nextCaseState, presets } from './engine.ts';
import {
  type AttemptFacts,
  type CaseState,
  type NextState,
  type Qualifier,
  qualifiers,
  queues,
  type RetryRule,
  type StatusRule,
  type SystemStatus,
  systemStatuses,
  systemStatusQualifier,
  type Transition,
} from './types.ts';

const NOW = new Date('2025-03-10T10:00:00.000Z');
const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

/** A case with a due private callback of agent 5, responsible 7, attempted twice, no success. */
const start: CaseState = {
  statusId: 3,
  qualifier: 'private_callback_agent',
  queue: 'callback',
  callableAt: at('2025-03-10T09:00:00.000Z'),
  ownerId: 5,
  responsibleId: 7,
  success: false,
  successAgentId: null,
  attempts: 2,
  stage: 'main',
};
const ACTOR = 9;
const PICKED = at('2025-03-11T12:00:00.000Z');
const FIXED = at('2025-03-12T08:00:00.000Z');

function statusRule(qualifier: Qualifier, over: Partial<StatusRule> = {}): StatusRule {
  return { id: 50, qualifier, responsibleUserId: null, callbackDelaySeconds: 7200, callbackAt: FIXED, ...over };
}

/** The transition of the table: agent 9 saves `start`; a time is picked only where the status takes one. */
function transition(qualifier: Qualifier, over: Partial<Transition> = {}): Transition {
  const agentCallbackAt = presets[qualifier].timing === 'agent' ? PICKED : undefined;
  return { case: start, status: statusRule(qualifier), actorId: ACTOR, agentCallbackAt, now: NOW, ...over };
}

/** What stays the same unless a row says otherwise. */
const unchanged: NextState = { ...start, statusId: 50, successDelta: 0, terminal: false };
const callbackAt = (callableAt: Date | null, ownerId: number | null = null) => ({ queue: 'callback' as const, callableAt, ownerId });
const counted = { success: true, successAgentId: ACTOR, successDelta: 1 as const };
const closedCase = { queue: 'closed' as const, callableAt: null, ownerId: null, terminal: true };
const inTwoHours = new Date(NOW.getTime() + 2 * HOUR);

const table: Record<Qualifier, Partial<NextState>> = {
  none: {},
  public_callback_relative: { qualifier: 'public_callback_relative', ...callbackAt(inTwoHours) },
  public_callback_absolute: { qualifier: 'public_callback_absolute', ...callbackAt(FIXED) },
  public_callback_agent: { qualifier: 'public_callback_agent', ...callbackAt(PICKED) },
  private_callback_relative: { qualifier: 'private_callback_relative', ...callbackAt(inTwoHours, ACTOR) },
  private_callback_absolute: { qualifier: 'private_callback_absolute', ...callbackAt(FIXED, ACTOR) },
  private_callback_agent: { qualifier: 'private_callback_agent', ...callbackAt(PICKED, ACTOR) },
  callback_end_of_queue: { qualifier: 'callback_end_of_queue', queue: 'end_of_queue', callableAt: NOW, ownerId: null },
  success_end: { qualifier: 'success_end', ...counted, ...closedCase },
  success_public_confirmation: { qualifier: 'success_public_confirmation', ...counted, ...callbackAt(NOW), stage: 'confirmation' },
  success_private_confirmation: { qualifier: 'success_private_confirmation', ...counted, ...callbackAt(NOW, ACTOR), stage: 'confirmation' },
  success_public_callback_relative: { qualifier: 'success_public_callback_relative', ...counted, ...callbackAt(inTwoHours) },
  success_public_callback_absolute: { qualifier: 'success_public_callback_absolute', ...counted, ...callbackAt(FIXED) },
  success_public_callback_agent: { qualifier: 'success_public_callback_agent', ...counted, ...callbackAt(PICKED) },
  success_private_callback_relative: { qualifier: 'success_private_callback_relative', ...counted, ...callbackAt(inTwoHours, ACTOR) },
  success_private_callback_absolute: { qualifier: 'success_private_callback_absolute', ...counted, ...callbackAt(FIXED, ACTOR) },
  success_private_callback_agent: { qualifier: 'success_private_callback_agent', ...counted, ...callbackAt(PICKED, ACTOR) },
  ending: { qualifier: 'ending', ...closedCase },
  waiting: { qualifier: 'waiting', queue: 'waiting', callableAt: null, ownerId: null },
  cancel_success_close: { qualifier: 'cancel_success_close', ...closedCase, success: false, successAgentId: null, successDelta: 0, stage: 'main' },
  unused: { qualifier: null, queue: 'fresh', callableAt: null, ownerId: null, stage: 'main' },
  call_again: { qualifier: 'call_again', queue: 'retry', callableAt: NOW, ownerId: null },
  call_progressive: { qualifier: 'call_progressive', queue: 'progressive', callableAt: NOW, ownerId: null },
};

test('the table covers every qualifier, and the preset table has no other rows', () => {
  assert.deepEqual(Object.keys(table).sort(), [...qualifiers].sort());
  assert.deepEqual(Object.keys(presets).sort(), [...qualifiers].sort());
  assert.equal(qualifiers.length, 23);
});

for (const [qualifier, changes] of Object.entries(table) as [Qualifier, Partial<NextState>][]) {
  test(`qualifier ${qualifier}: the full next state`, () => {
    assert.deepEqual(nextCaseState(transition(qualifier)), { ...unchanged, ...changes });
  });
}

const systemTable: Record<SystemStatus, Partial<NextState>> = {
  to_call: table.call_again,
  my_record: table.private_callback_agent,
  do_not_call: table.ending,
  not_earlier_than: table.public_callback_agent,
  call_progressive: table.call_progressive,
};

test('the system table covers every system status', () => {
  assert.deepEqual(Object.keys(systemTable).sort(), [...systemStatuses].sort());
});

for (const [system, changes] of Object.entries(systemTable) as [SystemStatus, Partial<NextState>][]) {
  test(`system status ${system}: the full next state`, () => {
    assert.deepEqual(nextCaseState(transition(systemStatusQualifier[system])), { ...unchanged, ...changes });
  });
}

// ---- edges ----

const fresh: CaseState = {
  statusId: 1,
  qualifier: null,
  queue: 'fresh',
  callableAt: null,
  ownerId: null,
  responsibleId: null,
  success: false,
  successAgentId: null,
  attempts: 0,
  stage: 'main',
};

test('none on a case that never had a qualifier counts as unused', () => {
  const odd: CaseState = { ...fresh, queue: 'retry', callableAt: at('2025-03-10T11:00:00.000Z'), attempts: 1 };
  const next = nextCaseState({ case: odd, status: statusRule('none', { responsibleUserId: 4 }), actorId: null, now: NOW });
  assert.deepEqual(next, { ...odd, statusId: 50, qualifier: null, queue: 'fresh', callableAt: null, responsibleId: 4, successDelta: 0, terminal: false });
});

test('none after a callback keeps the callback, its time and owner; a responsible person on the status still applies', () => {
  const afterCallback = nextCaseState(transition('private_callback_relative'));
  const next = nextCaseState({ case: afterCallback, status: statusRule('none', { id: 60, responsibleUserId: 4 }), actorId: 2, now: NOW });
  assert.deepEqual(next, { ...afterCallback, statusId: 60, responsibleId: 4, successDelta: 0 });
  assert.equal(next.ownerId, ACTOR);
  assert.equal(next.qualifier, 'private_callback_relative');
});

test('a success is counted once: a second success counts 0 and the credit stays with the first agent', () => {
  const first = nextCaseState(transition('success_public_confirmation'));
  assert.equal(first.successDelta, 1);
  const confirmed = nextCaseState({ case: first, status: statusRule('success_end'), actorId: 11, now: NOW });
  assert.equal(confirmed.successDelta, 0);
  assert.equal(confirmed.successAgentId, ACTOR);
  assert.equal(confirmed.success, true);
  assert.equal(confirmed.stage, 'confirmation');
  assert.equal(confirmed.terminal, true);
});

test('a success set by the system keeps the earlier success agent', () => {
  const next = nextCaseState({ case: { ...start, successAgentId: 3 }, status: statusRule('success_end'), actorId: null, now: NOW });
  assert.equal(next.successAgentId, 3);
  assert.equal(next.successDelta, 1);
});

test('cancel success and close: -1 only when there was a success', () => {
  const won = nextCaseState(transition('success_public_confirmation'));
  const cancelled = nextCaseState({ case: won, status: statusRule('cancel_success_close'), actorId: 2, now: NOW });
  assert.deepEqual(
    { success: cancelled.success, successAgentId: cancelled.successAgentId, successDelta: cancelled.successDelta, stage: cancelled.stage },
    { success: false, successAgentId: null, successDelta: -1, stage: 'main' },
  );
  assert.equal(cancelled.terminal, true);
  const again = nextCaseState({ case: cancelled, status: statusRule('cancel_success_close'), actorId: 2, now: NOW });
  assert.equal(again.successDelta, 0);
});

test('unused clears the marks but leaves a success as it is', () => {
  const won = nextCaseState(transition('success_private_confirmation'));
  const cleared = nextCaseState({ case: won, status: statusRule('unused'), actorId: 2, now: NOW });
  assert.deepEqual(cleared, { ...won, statusId: 50, qualifier: null, queue: 'fresh', callableAt: null, ownerId: null, stage: 'main', successDelta: 0 });
});

test('call again on a case never attempted goes to fresh', () => {
  const next = nextCaseState({ case: fresh, status: statusRule('call_again'), actorId: null, now: NOW });
  assert.equal(next.queue, 'fresh');
  assert.deepEqual(next.callableAt, NOW);
});

test('private callback set by the system: the status responsible, else the case responsible, else the owner, else public', () => {
  const system = (c: CaseState, responsibleUserId: number | null) =>
    nextCaseState({ case: c, status: statusRule('private_callback_relative', { responsibleUserId }), actorId: null, now: NOW });
  assert.equal(system(start, 4).ownerId, 4);
  assert.equal(system(start, 4).responsibleId, 4);
  assert.equal(system(start, null).ownerId, 7);
  assert.equal(system({ ...start, responsibleId: null }, null).ownerId, 5);
  const nobody = system({ ...start, responsibleId: null, ownerId: null }, null);
  assert.equal(nobody.ownerId, null);
  assert.equal(nobody.queue, 'callback');
  assert.deepEqual(nobody.callableAt, inTwoHours);
});

test('a private callback goes to the status responsible person before the agent who set it (PR-2)', () => {
  const next = nextCaseState(transition('private_callback_agent', { status: statusRule('private_callback_agent', { responsibleUserId: 4 }) }));
  assert.equal(next.ownerId, 4);
  assert.equal(next.responsibleId, 4);
});

function assertAppError(fn: () => unknown, code: ErrorCode, field: string) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${err}`);
    assert.equal(err.code, code);
    assert.equal(err.field, field);
    assert.equal(err.status, 400);
    return true;
  });
}

test('relative callbacks need a delay above zero', () => {
  for (const callbackDelaySeconds of [null, 0, -60, Number.NaN]) {
    const t = transition('public_callback_relative', { status: statusRule('public_callback_relative', { callbackDelaySeconds }) });
    assertAppError(() => nextCaseState(t), 'validation_failed', 'callbackDelaySeconds');
  }
});

test('absolute callbacks need the fixed time; a past time is kept and simply due at once', () => {
  for (const callbackAt of [null, new Date(Number.NaN)]) {
    const t = transition('private_callback_absolute', { status: statusRule('private_callback_absolute', { callbackAt }) });
    assertAppError(() => nextCaseState(t), 'validation_failed', 'callbackAt');
  }
  const past = at('2025-03-01T00:00:00.000Z');
  const next = nextCaseState(transition('public_callback_absolute', { status: statusRule('public_callback_absolute', { callbackAt: past }) }));
  assert.deepEqual(next.callableAt, past);
});

test('agent callbacks need a time that is not in the past', () => {
  for (const q of ['public_callback_agent', 'private_callback_agent', 'success_public_callback_agent', 'success_private_callback_agent'] as const) {
    assertAppError(() => nextCaseState(transition(q, { agentCallbackAt: undefined })), 'callback_time_required', 'callbackAt');
    assertAppError(() => nextCaseState(transition(q, { agentCallbackAt: null })), 'callback_time_required', 'callbackAt');
    assertAppError(() => nextCaseState(transition(q, { agentCallbackAt: new Date(NOW.getTime() - 1) })), 'validation_failed', 'callbackAt');
    assertAppError(() => nextCaseState(transition(q, { agentCallbackAt: new Date(Number.NaN) })), 'validation_failed', 'callbackAt');
    assert.deepEqual(nextCaseState(transition(q, { agentCallbackAt: NOW })).callableAt, NOW);
  }
});

test('ST-3: a date of next contact only for statuses set by the agent', () => {
  const refusing = qualifiers.filter((q) => presets[q].timing !== 'agent');
  assert.equal(refusing.length, 19);
  for (const q of refusing) {
    assertAppError(() => nextCaseState(transition(q, { agentCallbackAt: PICKED })), 'callback_time_not_allowed', 'callbackAt');
    assert.doesNotThrow(() => nextCaseState(transition(q, { agentCallbackAt: null })));
  }
  for (const system of ['to_call', 'do_not_call', 'call_progressive'] as const) {
    assertAppError(() => nextCaseState(transition(systemStatusQualifier[system], { agentCallbackAt: PICKED })), 'callback_time_not_allowed', 'callbackAt');
  }
});

test('an unknown qualifier is refused, not read from the prototype', () => {
  const t = transition('ending', { status: statusRule('constructor' as Qualifier) });
  assertAppError(() => nextCaseState(t), 'validation_failed', 'qualifier');
});

// ---- CP-4 rules ----

const options = { maxAttempts: null, defaultRetryDelayMinutes: 30, now: NOW };
const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const redialled = nextCaseState(transition('call_again'));
const noAnswer: AttemptFacts = { connected: false, outcome: 'no_answer', statusId: 50, attempts: 3 };
const answered: AttemptFacts = { connected: true, outcome: 'answered', statusId: 50, attempts: 3 };
const again = (delayMinutes: number, when: RetryRule['when'] = {}): RetryRule => ({ when, action: { kind: 'call_again', delayMinutes } });
const param = (key: string, value: string, when: RetryRule['when'] = {}): RetryRule => ({ when, action: { kind: 'add_parameter', key, value } });
const remove = (when: RetryRule['when'] = {}): RetryRule => ({ when, action: { kind: 'delete' } });

test('rules: no rule → the default delay', () => {
  assert.deepEqual(applyRetryRules(redialled, [], noAnswer, options), {
    state: { ...redialled, callableAt: minutesFromNow(30) },
    delete: false,
    parameters: {},
    exhausted: false,
  });
});

test('rules: the first matching call-again rule sets the delay; all conditions must hold', () => {
  const rules = [
    again(5, { connected: true }),
    again(10, { statusIds: [51] }),
    again(15, { attemptsAtLeast: 4 }),
    again(20, { attemptsAtMost: 2 }),
    again(60, { connected: false, statusIds: [50, 51], attemptsAtLeast: 3, attemptsAtMost: 3 }),
    again(90),
  ];
  assert.deepEqual(applyRetryRules(redialled, rules, noAnswer, options).state.callableAt, minutesFromNow(60));
  assert.deepEqual(applyRetryRules(redialled, rules, answered, options).state.callableAt, minutesFromNow(5));
  assert.deepEqual(applyRetryRules(redialled, rules, { ...noAnswer, attempts: 1 }, options).state.callableAt, minutesFromNow(20));
});

test('rules: parameters are added only for calls not answered, every matching rule, later keys win', () => {
  const rules = [
    param('reason', 'busy', { statusIds: [77] }),
    param('reason', 'no answer'),
    param('retry', 'yes'),
    param('reason', 'late', { attemptsAtLeast: 3 }),
  ];
  assert.deepEqual(applyRetryRules(redialled, rules, noAnswer, options).parameters, { reason: 'late', retry: 'yes' });
  assert.deepEqual(applyRetryRules(redialled, rules, answered, options).parameters, {});
  const closedByStatus = nextCaseState(transition('ending'));
  assert.deepEqual(applyRetryRules(closedByStatus, [param('invalid', '1')], noAnswer, options).parameters, { invalid: '1' });
});

test('rules: a matching delete closes the case, over call-again rules', () => {
  const out = applyRetryRules(redialled, [again(5), remove({ attemptsAtLeast: 3 })], noAnswer, options);
  assert.deepEqual(out, { state: { ...redialled, ...closedCase }, delete: true, parameters: {}, exhausted: false });
  assert.equal(applyRetryRules(redialled, [remove({ attemptsAtLeast: 4 })], noAnswer, options).delete, false);
});

test('rules: a callback, close or wait the status chose is not touched by call-again or delete', () => {
  for (const q of ['public_callback_relative', 'private_callback_agent', 'ending', 'waiting', 'success_private_confirmation'] as const) {
    const next = nextCaseState(transition(q));
    const out = applyRetryRules(next, [remove(), again(5)], noAnswer, { ...options, maxAttempts: 1 });
    assert.deepEqual(out, { state: next, delete: false, parameters: {}, exhausted: false }, q);
  }
});

test('rules: a fresh case the status sent back (none, never qualified) gets the retry delay too', () => {
  const next = nextCaseState({ case: fresh, status: statusRule('none'), actorId: null, now: NOW });
  assert.deepEqual(applyRetryRules(next, [again(45)], { ...noAnswer, attempts: 1 }, options).state.callableAt, minutesFromNow(45));
});

test('max attempts closes what the system would redial, never an agent callback', () => {
  const limited = { ...options, maxAttempts: 3 };
  for (const q of ['call_again', 'call_progressive', 'callback_end_of_queue'] as const) {
    const next = nextCaseState(transition(q));
    assert.deepEqual(applyRetryRules(next, [again(5)], noAnswer, limited), {
      state: { ...next, ...closedCase },
      delete: false,
      parameters: {},
      exhausted: true,
    });
    assert.equal(applyRetryRules(next, [], { ...noAnswer, attempts: 2 }, limited).exhausted, false);
    assert.equal(applyRetryRules(next, [], { ...noAnswer, attempts: 99 }, options).exhausted, false);
  }
  for (const q of ['private_callback_agent', 'public_callback_agent', 'public_callback_relative'] as const) {
    const out = applyRetryRules(nextCaseState(transition(q)), [], { ...noAnswer, attempts: 10 }, limited);
    assert.equal(out.exhausted, false);
    assert.equal(out.state.queue, 'callback');
  }
});

test('progressive and end-of-queue keep their time: call-again rules are for retry and fresh', () => {
  for (const q of ['call_progressive', 'callback_end_of_queue'] as const) {
    const next = nextCaseState(transition(q));
    assert.deepEqual(applyRetryRules(next, [again(5)], noAnswer, options).state, next);
  }
});

// ---- properties ----

const DAY = 24 * HOUR;
const dateArb = fc.integer({ min: -30 * DAY, max: 30 * DAY }).map((ms) => new Date(NOW.getTime() + ms));
const idArb = fc.option(fc.integer({ min: 1, max: 6 }), { nil: null });
const caseArb: fc.Arbitrary<CaseState> = fc.record({
  statusId: idArb,
  qualifier: fc.option(fc.constantFrom(...qualifiers), { nil: null }),
  queue: fc.constantFrom(...queues),
  callableAt: fc.option(dateArb, { nil: null }),
  ownerId: idArb,
  responsibleId: idArb,
  success: fc.boolean(),
  successAgentId: idArb,
  attempts: fc.nat(6),
  stage: fc.constantFrom('main' as const, 'confirmation' as const),
});
const statusArb: fc.Arbitrary<StatusRule> = fc.record({
  id: fc.integer({ min: 1, max: 100 }),
  qualifier: fc.constantFrom(...qualifiers),
  responsibleUserId: idArb,
  callbackDelaySeconds: fc.integer({ min: 1, max: 30 * 86_400 }),
  callbackAt: dateArb,
});
/** A valid transition: a time is picked, not before now, exactly where the status takes one. */
const transitionArb: fc.Arbitrary<Transition> = fc
  .record({ case: caseArb, status: statusArb, actorId: idArb, now: dateArb, pickOffset: fc.integer({ min: 0, max: 30 * DAY }) })
  .map(({ pickOffset, ...t }) => ({
    ...t,
    // plain objects, as callers pass them (fast-check may build null-prototype records)
    case: { ...t.case },
    status: { ...t.status },
    agentCallbackAt: presets[t.status.qualifier].timing === 'agent' ? new Date(t.now.getTime() + pickOffset) : undefined,
  }));

test('property: terminal ⇔ closed; closed and waiting are never callable; only callbacks have an owner', () => {
  fc.assert(
    fc.property(transitionArb, (t) => {
      const next = nextCaseState(t);
      assert.equal(next.terminal, next.queue === 'closed');
      if (next.queue === 'closed' || next.queue === 'waiting') assert.equal(next.callableAt, null);
      if (next.ownerId !== null) assert.equal(next.queue, 'callback');
      assert.equal(next.statusId, t.status.id);
      assert.equal(next.attempts, t.case.attempts);
      assert.equal(next.responsibleId, t.status.responsibleUserId ?? t.case.responsibleId);
    }),
    { numRuns: 2000 },
  );
});

test('property: an agent-set callback is never before now', () => {
  fc.assert(
    fc.property(transitionArb, (t) => {
      if (presets[t.status.qualifier].timing !== 'agent') return;
      const next = nextCaseState(t);
      assert.ok(next.callableAt !== null && next.callableAt.getTime() >= t.now.getTime());
    }),
  );
});

test('property: a private callback owner is the responsible person, the actor, the previous responsible or owner', () => {
  fc.assert(
    fc.property(transitionArb, (t) => {
      if (presets[t.status.qualifier].visibility !== 'private') return;
      const { ownerId } = nextCaseState(t);
      if (ownerId === null) return;
      assert.ok([t.status.responsibleUserId, t.actorId, t.case.responsibleId, t.case.ownerId].includes(ownerId));
    }),
  );
});

test('property: pure — the input is not mutated and the answer is the same every time', () => {
  fc.assert(
    fc.property(transitionArb, (t) => {
      const before = structuredClone(t);
      const first = nextCaseState(t);
      assert.deepEqual(t, before);
      assert.deepEqual(nextCaseState(t), first);
      first.callableAt?.setTime(0);
      assert.deepEqual(t, before, 'the result shares no Date with the input');
    }),
  );
});

test('property: with any picked time, the engine answers or refuses with a known code', () => {
  const anyPick = fc.record({ t: transitionArb, pick: fc.option(dateArb, { nil: undefined }) });
  fc.assert(
    fc.property(anyPick, ({ t, pick }) => {
      try {
        nextCaseState({ ...t, agentCallbackAt: pick });
      } catch (err) {
        assert.ok(err instanceof AppError);
        assert.ok(['callback_time_required', 'callback_time_not_allowed', 'validation_failed'].includes(err.code));
      }
    }),
  );
});

const toCase = ({ successDelta: _d, terminal: _t, ...state }: NextState): CaseState => state;

test('property: over any sequence, successes count 0 or 1 per case and every -1 lowers the agent that got the +1', () => {
  const step = fc.record({
    status: statusArb,
    actorId: idArb,
    minutesLater: fc.nat(600),
    pickOffset: fc.nat(DAY),
    attempted: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      let state = fresh;
      let now = NOW;
      let total = 0;
      const perAgent = new Map<number | null, number>();
      const credit = (agent: number | null, delta: number) => perAgent.set(agent, (perAgent.get(agent) ?? 0) + delta);
      for (const s of steps) {
        now = new Date(now.getTime() + s.minutesLater * 60_000);
        const agentCallbackAt = presets[s.status.qualifier].timing === 'agent' ? new Date(now.getTime() + s.pickOffset) : undefined;
        const next = nextCaseState({ case: state, status: s.status, actorId: s.actorId, agentCallbackAt, now });
        total += next.successDelta;
        if (next.successDelta === 1) credit(next.successAgentId, 1);
        if (next.successDelta === -1) credit(state.successAgentId, -1);
        assert.ok(total === 0 || total === 1);
        assert.equal(total, next.success ? 1 : 0);
        state = { ...toCase(next), attempts: next.attempts + (s.attempted ? 1 : 0) };
      }
      const credited = [...perAgent].filter(([, n]) => n !== 0);
      assert.deepEqual(credited, state.success ? [[state.successAgentId, 1]] : []);
    }),
    { numRuns: 500 },
  );
});

test('property: rules never schedule a redial before now, and a closed result is terminal and not callable', () => {
  const ruleArb: fc.Arbitrary<RetryRule> = fc.record({
    when: fc.record(
      {
        connected: fc.boolean(),
        statusIds: fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 3 }),
        attemptsAtLeast: fc.nat(6),
        attemptsAtMost: fc.nat(6),
      },
      { requiredKeys: [] },
    ),
    action: fc.oneof(
      fc.record({ kind: fc.constant('call_again' as const), delayMinutes: fc.integer({ min: -10, max: 600 }) }),
      fc.constant({ kind: 'delete' as const }),
      fc.record({ kind: fc.constant('add_parameter' as const), key: fc.constantFrom('a', 'b'), value: fc.string() }),
    ),
  });
  const attemptArb: fc.Arbitrary<AttemptFacts> = fc.record({
    connected: fc.boolean(),
    outcome: fc.constantFrom('answered' as const, 'busy' as const, 'no_answer' as const),
    statusId: fc.integer({ min: 1, max: 100 }),
    attempts: fc.integer({ min: 1, max: 8 }),
  });
  fc.assert(
    fc.property(
      transitionArb,
      fc.array(ruleArb, { maxLength: 5 }),
      attemptArb,
      fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
      (t, rules, attempt, maxAttempts) => {
        const next = nextCaseState(t);
        const out = applyRetryRules(next, rules, attempt, { maxAttempts, defaultRetryDelayMinutes: 15, now: t.now });
        assert.equal(out.state.terminal, out.state.queue === 'closed');
        if (out.state.terminal) assert.equal(out.state.callableAt, null);
        if (out.delete || out.exhausted) assert.equal(out.state.queue, 'closed');
        if (attempt.connected) assert.deepEqual(out.parameters, {});
        if (next.queue === 'callback') assert.deepEqual(out.state, next);
        if (out.state.queue === 'retry' || out.state.queue === 'fresh') assert.ok(out.state.callableAt!.getTime() >= t.now.getTime());
      },
    ),
  );
});
