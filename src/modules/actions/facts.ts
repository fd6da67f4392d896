// What handlers know about the action they run: the case, its contact, its campaign and the
// status that asked for the action — read by the action's idempotency key in one query.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';

export interface ActionFacts {
  actionId: number;
  attempts: number;
  detail: string | null;
  statusId: number;
  statusName: string;
  caseId: number;
  campaignId: number;
  campaignName: string;
  queue: string;
  callableAt: string | null;
  params: Record<string, unknown>;
  contact: Record<string, unknown> & { id: number; phone: string | null };
  callerIds: string[];
  ringTimeoutSeconds: number;
  networkProfile: Record<string, unknown> | null;
}

export async function actionFacts(db: Db, idempotencyKey: string): Promise<ActionFacts> {
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`select a.id as "actionId", a.attempts, a.detail, a.status_id as "statusId", coalesce(s.name, '') as "statusName",
        k.id as "caseId", k.campaign_id as "campaignId", cp.name as "campaignName", k.queue, k.callable_at as "callableAt", k.params,
        cp.caller_ids as "callerIds", cp.ring_timeout_seconds as "ringTimeoutSeconds", cp.network_profile as "networkProfile",
        json_build_object('id', ct.id, 'name', ct.name, 'firstName', ct.first_name, 'lastName', ct.last_name, 'street', ct.street,
          'houseNumber', ct.house_number, 'city', ct.city, 'postalCode', ct.postal_code, 'region', ct.region, 'email', ct.email,
          'phone1', ct.phone1, 'phone2', ct.phone2, 'custom', ct.custom,
          'phone', case when cp.phone_column = 'phone2' then ct.phone2 else ct.phone1 end) as contact
      from case_actions a join cases k on k.id = a.case_id join contacts ct on ct.id = k.contact_id
        join campaigns cp on cp.id = k.campaign_id left join statuses s on s.id = a.status_id
      where a.idempotency_key = ${idempotencyKey}`,
  );
  if (!r) throw new Error(`Action ${idempotencyKey} not found`);
  const callableAt = r.callableAt as Date | string | null;
  return {
    ...(r as unknown as ActionFacts),
    actionId: Number(r.actionId),
    caseId: Number(r.caseId),
    callableAt: callableAt ? new Date(callableAt).toISOString() : null,
    contact: { ...(r.contact as ActionFacts['contact']), id: Number((r.contact as { id: unknown }).id) },
  };
}

/** "Jan Kowalski", else the contact's name field, else its number. */
export function contactLabel(c: ActionFacts['contact']): string {
  const person = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return person || (c.name as string | null) || c.phone || `#${c.id}`;
}

/**
 * `{{name}}` placeholders from the case: contact fields (firstName, lastName, city, phone, …,
 * custom fields by key), `status`, `campaign`, `caseId`, and script answers by field. Unknown
 * names become empty; `encode` writes each value for where it goes (JSON, a URL…).
 */
export function fillPlaceholders(template: string, vars: Record<string, unknown>, encode: (v: string) => string = (v) => v): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_, name: string) => {
    const v = vars[name];
    return encode(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  });
}

export function placeholderValues(f: ActionFacts): Record<string, unknown> {
  const { custom, ...contact } = f.contact;
  return {
    ...(f.params ?? {}),
    ...((custom as Record<string, unknown>) ?? {}),
    ...contact,
    contactId: f.contact.id,
    status: f.statusName,
    campaign: f.campaignName,
    campaignId: f.campaignId,
    caseId: f.caseId,
  };
}
