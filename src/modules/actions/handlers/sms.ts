// AC-1 SMS through an HTTP gateway an administrator configures (URL, method, headers, an
// Authorization value and a body template with {{phone}} and {{text}}). The param is the message
// text with placeholders from the case (fillPlaceholders).
import type { Database } from '../../../db/client.ts';
import { ActionFailure, type ActionHandler } from '../handler.ts';
import { actionFacts, fillPlaceholders, placeholderValues } from '../facts.ts';
import { readSetting, type SmsGateway } from '../integrations.ts';
import { checkUrl, sendHttp } from './http.ts';

/** How a value is written into the body: as the inside of a JSON string, form-encoded, or as it is. */
function bodyEscape(contentType: string): (v: string) => string {
  if (/json/i.test(contentType)) return (v) => JSON.stringify(v).slice(1, -1);
  if (/x-www-form-urlencoded/i.test(contentType)) return encodeURIComponent;
  return (v) => v;
}

export function smsHandler(deps: { db: Database }): ActionHandler {
  return async (ctx) => {
    const gateway = await readSetting<SmsGateway>(deps.db, 'sms');
    if (!gateway?.url) throw new ActionFailure('No SMS gateway is configured (Integrations)');
    const f = await actionFacts(deps.db, ctx.idempotencyKey);
    if (!f.contact.phone) throw new ActionFailure('The contact has no phone number to text');
    const text = fillPlaceholders(ctx.param, placeholderValues(f)).trim();
    if (!text) throw new ActionFailure('The message is empty');
    const vars = { phone: f.contact.phone, text };
    const url = checkUrl(fillPlaceholders(gateway.url, vars, encodeURIComponent), 'The SMS gateway URL');
    const headers: Record<string, string> = { ...gateway.headers };
    if (gateway.authorization) headers.authorization = gateway.authorization;
    const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    const body = gateway.method === 'GET' ? undefined : fillPlaceholders(gateway.body, vars, bodyEscape(contentType));
    const res = await sendHttp({ url: url.toString(), method: gateway.method, headers, body }, ctx.idempotencyKey);
    return { detail: `sent to ${f.contact.phone}: HTTP ${res.status}` };
  };
}
