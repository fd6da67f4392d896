// AC-1 "call the customer and play a message" (param = the message text, with placeholders):
// a call through the same telephony port the dialer uses. The dialer only reacts to events of
// the calls it placed (its own calls.id, always positive); an action's call uses the negative of
// the action's id, so the two share the port and its event stream without seeing each other's
// calls. Answered by a person → the message is played and the call hung up: done. Busy, no
// answer, invalid number, a machine or a failed line → the action fails (the failure status).
//
// A call cannot carry an idempotency key, so the handler notes "calling" on the action before it
// dials; a try that finds that note (the process stopped mid-call) fails instead of calling the
// customer a second time.
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import type { Scheduler } from '../../../shared/scheduler.ts';
import type { CallEvent, TelephonyPort } from '../../telephony/port.ts';
import { ActionFailure, type ActionHandler } from '../handler.ts';
import { actionFacts, fillPlaceholders, placeholderValues } from '../facts.ts';

const CALLING = 'calling';
/**
 * The whole call must end inside the job's 60 s lease (jobs/runner.ts), or another worker could
 * take the job over mid-call: ring at most 35 s, and give up 20 s after that if the driver never
 * says how the call ended.
 */
const MAX_RING_SECONDS = 35;
const GIVE_UP_AFTER_RING_SECONDS = 20;

const failures: Partial<Record<CallEvent['kind'], string>> = {
  busy: 'busy',
  'no-answer': 'no answer',
  invalid: 'invalid number',
  failed: 'the call failed',
  'answered-machine': 'an answering machine answered',
  completed: 'the call ended before anyone answered',
};

export function callAndPlayHandler(deps: { db: Database; telephony: TelephonyPort; scheduler: Scheduler }): ActionHandler {
  const { telephony, scheduler } = deps;
  return async (ctx) => {
    const f = await actionFacts(deps.db, ctx.idempotencyKey);
    if (f.detail === CALLING)
      throw new ActionFailure('A call for this action was placed before the process stopped; its outcome is unknown, so it is not placed again');
    if (!f.contact.phone) throw new ActionFailure('The contact has no phone number to call');
    const text = fillPlaceholders(ctx.param, placeholderValues(f)).trim();
    if (!text) throw new ActionFailure('The message is empty');
    await deps.db.execute(sql`update case_actions set detail = ${CALLING} where id = ${f.actionId}`);
    const callId = -f.actionId;
    const ringTimeoutSeconds = Math.min(MAX_RING_SECONDS, Math.max(15, f.ringTimeoutSeconds));
    const outcome = await new Promise<string>((resolve, reject) => {
      // stop listening first: hanging up emits `completed`, which is not a failure here
      const stop = () => {
        unsubscribe();
        scheduler.cancel(timer);
      };
      const unsubscribe = telephony.onEvent((e) => {
        if (e.callId !== callId) return;
        if (e.kind === 'answered-human') {
          stop();
          telephony.playMessage(callId, text);
          telephony.hangup(callId, 'system');
          return resolve(`answered; the message was played to ${f.contact.phone}`);
        }
        const failure = failures[e.kind];
        if (!failure) return; // trying, ringing
        stop();
        if (e.kind === 'answered-machine') telephony.hangup(callId, 'system');
        reject(new ActionFailure(`${failure} (${f.contact.phone})`));
      });
      const timer = scheduler.after((ringTimeoutSeconds + GIVE_UP_AFTER_RING_SECONDS) * 1000, () => {
        stop();
        telephony.hangup(callId, 'system');
        reject(new ActionFailure('the telephony driver did not report how the call ended'));
      });
      telephony.originate({
        callId,
        number: f.contact.phone as string,
        callerId: f.callerIds[0] ?? null,
        ringTimeoutSeconds,
        profile: f.networkProfile ?? undefined,
      });
    });
    return { detail: outcome };
  };
}
