// AC-1 "send the case to a courier", built as a generic outgoing webhook (param = URL): a JSON
// body with the case, contact, status and delivery attempt, signed with the secret an
// administrator sets (`X-Parley-Signature: sha256=<hex HMAC-SHA256 of the raw body>`), with the
// send time in `X-Parley-Timestamp` (and inside the signed body, so it cannot be replayed as
// new) and the action's `Idempotency-Key`. 5xx, 408, 429 and network errors are retried with
// exponential backoff by the job runner; any other 4xx fails at once.
import { createHmac } from 'node:crypto';
import type { Database } from '../../../db/client.ts';
import { ActionFailure, type ActionHandler } from '../handler.ts';
import { actionFacts } from '../facts.ts';
import { readSetting, type WebhookSettings } from '../integrations.ts';
import { checkUrl, sendHttp } from './http.ts';

export const signBody = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export function webhookHandler(deps: { db: Database }): ActionHandler {
  return async (ctx) => {
    const url = checkUrl(ctx.param, 'The webhook URL');
    const settings = await readSetting<WebhookSettings>(deps.db, 'webhook');
    if (!settings?.secret) throw new ActionFailure('No webhook signing secret is set (Integrations)');
    const f = await actionFacts(deps.db, ctx.idempotencyKey);
    const body = JSON.stringify({
      event: 'case.action',
      idempotencyKey: ctx.idempotencyKey,
      sentAt: ctx.now.toISOString(),
      attempt: f.attempts,
      case: { id: f.caseId, campaignId: f.campaignId, campaign: f.campaignName, queue: f.queue, callbackAt: f.callableAt, params: f.params },
      status: { id: f.statusId, name: f.statusName },
      contact: f.contact,
    });
    const res = await sendHttp(
      {
        url: url.toString(),
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-parley-timestamp': String(Math.floor(ctx.now.getTime() / 1000)),
          'x-parley-signature': signBody(settings.secret, body),
        },
        body,
      },
      ctx.idempotencyKey,
    );
    return { detail: `delivered to ${url.host}: HTTP ${res.status}` };
  };
}
