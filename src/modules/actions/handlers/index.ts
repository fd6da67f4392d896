// The action kinds this module runs (the mail kinds come from the mail module's handlers).
import type { Database } from '../../../db/client.ts';
import type { Scheduler } from '../../../shared/scheduler.ts';
import type { TelephonyPort } from '../../telephony/port.ts';
import type { ActionHandlers } from '../handler.ts';
import type { DbActionHandlers } from '../run-action.ts';
import { callAndPlayHandler } from './call-and-play.ts';
import { notificationHandler } from './notification.ts';
import { smsHandler } from './sms.ts';
import { transferCaseHandler } from './transfer-case.ts';
import { webhookHandler } from './webhook.ts';

/** DB-only actions: they commit with the action's result. */
export const dbActionHandlers: DbActionHandlers = {
  notification: notificationHandler,
  move_to_campaign: transferCaseHandler('move'),
  copy_case: transferCaseHandler('copy'),
};

/** Outside effects; call_and_play only where a telephony driver runs (the dialer's process). */
export function outsideActionHandlers(deps: { db: Database; telephony?: TelephonyPort; scheduler?: Scheduler }): ActionHandlers {
  return {
    sms: smsHandler(deps),
    webhook: webhookHandler(deps),
    ...(deps.telephony && deps.scheduler && { call_and_play: callAndPlayHandler({ db: deps.db, telephony: deps.telephony, scheduler: deps.scheduler }) }),
  };
}
