// CB-3 rules without a database: the share with its at-least-one-agent rule, the priority modes,
// the window counted from the missed call, retries after busy / no answer, the ticket subject.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  callbackAgentLimit,
  callbackWindow,
  defaultCallbackSettings,
  mayOfferCallback,
  normalizeCallbackSettings,
  retryAfterUnanswered,
  ticketSubject,
} from './callback-rules.ts';

test('share of agents: rounded down, never fewer than one, never more than are logged in', () => {
  assert.equal(callbackAgentLimit(2, 50), 1, 'two agents at 50 %: one');
  assert.equal(callbackAgentLimit(2, 10), 1, 'two agents at 10 %: still one (at least one agent)');
  assert.equal(callbackAgentLimit(10, 30), 3);
  assert.equal(callbackAgentLimit(10, 100), 10);
  assert.equal(callbackAgentLimit(3, 50), 1);
  assert.equal(callbackAgentLimit(0, 100), 0, 'nobody logged in: nobody calls back');
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 100 }), (n, pct) => {
      const limit = callbackAgentLimit(n, pct);
      return limit >= 1 && limit <= n && limit <= Math.max(1, (n * pct) / 100);
    }),
  );
});

test('priority: always, only when another agent stays free, only when no caller waits; the share caps all of them', () => {
  const base = { onCallbacks: 0, limit: 1, otherReadyMembers: 0, waitingCallers: 0 };
  assert.equal(mayOfferCallback({ ...base, priority: 'always' }), true);
  assert.equal(mayOfferCallback({ ...base, priority: 'always', waitingCallers: 3 }), true, 'always: even with callers waiting');
  assert.equal(mayOfferCallback({ ...base, priority: 'agents_free' }), false, 'the last free agent stays for callers');
  assert.equal(mayOfferCallback({ ...base, priority: 'agents_free', otherReadyMembers: 1 }), true);
  assert.equal(mayOfferCallback({ ...base, priority: 'no_waiting', waitingCallers: 1 }), false);
  assert.equal(mayOfferCallback({ ...base, priority: 'no_waiting', otherReadyMembers: 0 }), true);
  for (const priority of ['always', 'agents_free', 'no_waiting'] as const)
    assert.equal(mayOfferCallback({ priority, onCallbacks: 1, limit: 1, otherReadyMembers: 5, waitingCallers: 0 }), false, `${priority}: share reached`);
});

test('the window counts from the missed call, not from the next working day', () => {
  // missed on Friday 19:55 Warsaw, the office closes at 20:00: a 2 h expiry ends on Friday 21:55
  const missed = new Date('2026-03-06T18:55:00Z');
  const w = callbackWindow(missed, { delaySeconds: 300, expiryMinutes: 120 });
  assert.equal(w.callableAt.toISOString(), '2026-03-06T19:00:00.000Z');
  assert.equal(w.expiresAt.toISOString(), '2026-03-06T20:55:00.000Z');
  assert.equal(callbackWindow(missed, { delaySeconds: 0, expiryMinutes: 1 }).callableAt.getTime(), missed.getTime(), '0 = at once');
});

test('retries on busy / no answer: the count and the interval, and never past the expiry', () => {
  const s = { retries: 2, retryIntervalMinutes: 10 };
  const now = new Date('2026-03-02T10:00:00Z');
  const expires = new Date('2026-03-03T10:00:00Z');
  assert.deepEqual(retryAfterUnanswered(1, now, expires, s), { again: true, at: new Date('2026-03-02T10:10:00Z') });
  assert.deepEqual(retryAfterUnanswered(2, now, expires, s), { again: true, at: new Date('2026-03-02T10:10:00Z') });
  assert.deepEqual(retryAfterUnanswered(3, now, expires, s), { again: false, reason: 'attempts_exhausted' }, 'two retries = three attempts');
  assert.deepEqual(retryAfterUnanswered(1, now, new Date('2026-03-02T10:05:00Z'), s), { again: false, reason: 'expired' });
  assert.deepEqual(retryAfterUnanswered(1, now, expires, { retries: 0, retryIntervalMinutes: 5 }), { again: false, reason: 'attempts_exhausted' });
});

test('never-call numbers are stored as E.164 without repeats; a bad one names its index', () => {
  const s = normalizeCallbackSettings({ ...defaultCallbackSettings, neverCallNumbers: ['600 100 200', '+48600100200', '+420 601 123 456'] }, 'PL');
  assert.deepEqual(s.neverCallNumbers, ['+48600100200', '+420601123456']);
  assert.throws(
    () => normalizeCallbackSettings({ ...defaultCallbackSettings, neverCallNumbers: ['+48600100200', 'abc'] }, 'PL'),
    (e: { field?: string }) => e.field === 'callbackSettings.neverCallNumbers[1]',
  );
});

test('ticket subject: %number% becomes the caller', () => {
  assert.equal(ticketSubject('Missed call from number %number%', '+48600100200'), 'Missed call from number +48600100200');
  assert.equal(ticketSubject('Nieodebrane %number% / %number%', '+1'), 'Nieodebrane +1 / +1');
});
