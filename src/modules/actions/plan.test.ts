// AC-2/AC-3 planning: due times from the status or the callback, which actions hold the case back,
// and the state to resume.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionDef } from '../processes/types.ts';
import type { NextState } from '../statuses/types.ts';
import { planActions, waitingState } from './plan.ts';

const now = new Date('2026-03-02T09:00:00Z');
const callbackAt = new Date('2026-03-02T12:00:00Z');
const state = (over: Partial<NextState> = {}): NextState => ({
  statusId: 1,
  qualifier: 'public_callback_agent',
  queue: 'callback',
  callableAt: callbackAt,
  ownerId: null,
  responsibleId: null,
  success: false,
  successAgentId: null,
  attempts: 1,
  stage: 'main',
  successDelta: 0,
  terminal: false,
  ...over,
});
const def = (over: Partial<ActionDef> = {}): ActionDef => ({
  kind: 'webhook',
  param: 'https://x',
  delay: null,
  successStatusKey: null,
  failureStatusKey: null,
  ...over,
});
const ids: Record<string, number> = { ok: 10, bad: 11 };
const byKey = (k: string) => ids[k] ?? null;

test('an immediate action without result statuses runs now and holds nothing back', () => {
  const plan = planActions([def()], byKey, state(), now);
  assert.equal(plan.actions[0].runAt.getTime(), now.getTime());
  assert.equal(plan.actions[0].waits, false);
  assert.equal(plan.resume, null);
});

test('delays count from the status or from the callback time; the case waits and keeps what to resume', () => {
  const plan = planActions(
    [def({ delay: { minutes: 30, from: 'status' } }), def({ delay: { minutes: 15, from: 'callback' }, successStatusKey: 'ok', failureStatusKey: 'gone' })],
    byKey,
    state(),
    now,
  );
  assert.equal(plan.actions[0].runAt.toISOString(), '2026-03-02T09:30:00.000Z');
  assert.equal(plan.actions[1].runAt.toISOString(), '2026-03-02T12:15:00.000Z');
  assert.deepEqual([plan.actions[1].successStatusId, plan.actions[1].failureStatusId], [10, null], 'a key the process lost resolves to nothing');
  assert.ok(plan.actions.every((a) => a.waits));
  assert.deepEqual(plan.resume, { queue: 'callback', callableAt: callbackAt.toISOString(), ownerId: null });
  const w = waitingState(state());
  assert.deepEqual([w.queue, w.callableAt, w.ownerId, w.terminal], ['waiting', null, null, false]);
});

test('from the callback with no callback counts from now; an action whose result sets a status holds the case too', () => {
  const plan = planActions(
    [def({ delay: { minutes: 5, from: 'callback' } }), def({ successStatusKey: 'ok' })],
    byKey,
    state({ queue: 'retry', callableAt: null }),
    now,
  );
  assert.equal(plan.actions[0].runAt.toISOString(), '2026-03-02T09:05:00.000Z');
  assert.equal(plan.actions[1].waits, true);
  assert.equal(plan.resume?.queue, 'retry');
});

test('a closed case is never offered anyway: it is not held back, but its delayed actions still wait to be superseded', () => {
  const plan = planActions([def({ delay: { minutes: 60, from: 'status' } })], byKey, state({ queue: 'closed', callableAt: null, terminal: true }), now);
  assert.equal(plan.resume, null);
  assert.equal(plan.actions[0].waits, true);
});
