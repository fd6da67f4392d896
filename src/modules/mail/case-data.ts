// Everything a mail about a case may say: the case, its contact (standard and custom fields),
// campaign, status, agent, script answers, attempts and history — read once, used by the
// placeholders, the plain e-mail and the XML attachment.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { standardFields } from '../../shared/contact-fields.ts';
import { notFound } from '../../shared/errors.ts';

export interface CaseData {
  case: {
    id: number;
    campaignId: number;
    campaign: string;
    status: string;
    attempts: number;
    callbackAt: Date | null;
    createdAt: Date;
    success: boolean;
    answers: Record<string, unknown>;
  };
  contact: Record<string, string | null> & { id: string };
  /** custom field key → label (values are in contact) */
  customFields: { key: string; label: string }[];
  agent: { name: string; username: string } | null;
  attempts: { at: Date; outcome: string; agent: string | null; status: string | null; note: string | null; phone: string | null }[];
  history: { at: Date; from: string | null; to: string | null; by: string | null; source: string; note: string | null }[];
}

const asDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

export async function loadCaseData(db: Db, caseId: number): Promise<CaseData> {
  const [k] = await rows<Record<string, unknown>>(
    db,
    sql`select k.id, k.campaign_id, cp.name as campaign, s.name as status, k.attempts, k.callable_at, k.queue, k.created_at, k.success, k.params,
        k.contact_id, row_to_json(ct) as contact, u.display_name as agent_name, u.username as agent_username
      from cases k join campaigns cp on cp.id = k.campaign_id join contacts ct on ct.id = k.contact_id
      left join statuses s on s.id = k.status_id
      left join users u on u.id = coalesce(k.last_agent_id, k.owner_id, k.responsible_id)
      where k.id = ${caseId}`,
  );
  if (!k) throw notFound('Case', 'caseId');
  const fields = await rows<{ key: string; label: string }>(db, sql`select key, label from custom_fields order by created_at, key`);
  const raw = k.contact as Record<string, unknown>;
  const custom = (raw.custom ?? {}) as Record<string, unknown>;
  const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const contact: CaseData['contact'] = { id: String(k.contact_id) };
  for (const f of standardFields) contact[f] = (raw[snake(f)] as string | null) ?? null;
  for (const f of fields) contact[f.key] = custom[f.key] === undefined || custom[f.key] === null ? null : String(custom[f.key]);
  const attempts = await rows<Record<string, unknown>>(
    db,
    sql`select a.ended_at, a.outcome, u.display_name as agent, s.name as status, a.note, a.phone from attempts a
      left join users u on u.id = a.agent_id left join statuses s on s.id = a.status_id where a.case_id = ${caseId} order by a.ended_at, a.id`,
  );
  const history = await rows<Record<string, unknown>>(
    db,
    sql`select h.at, f.name as from_name, t.name as to_name, u.display_name as by_name, h.source, h.note from case_history h
      left join statuses f on f.id = h.from_status_id left join statuses t on t.id = h.to_status_id left join users u on u.id = h.requester_id
      where h.case_id = ${caseId} order by h.at, h.id`,
  );
  return {
    case: {
      id: Number(k.id),
      campaignId: Number(k.campaign_id),
      campaign: String(k.campaign),
      status: (k.status as string | null) ?? '',
      attempts: Number(k.attempts),
      callbackAt: k.queue === 'callback' ? asDate(k.callable_at) : null,
      createdAt: new Date(k.created_at as string),
      success: Boolean(k.success),
      answers: (k.params ?? {}) as Record<string, unknown>,
    },
    contact,
    customFields: fields,
    agent: k.agent_username ? { name: String(k.agent_name), username: String(k.agent_username) } : null,
    attempts: attempts.map((a) => ({
      at: new Date(a.ended_at as string),
      outcome: String(a.outcome),
      agent: (a.agent as string | null) ?? null,
      status: (a.status as string | null) ?? null,
      note: (a.note as string | null) ?? null,
      phone: (a.phone as string | null) ?? null,
    })),
    history: history.map((h) => ({
      at: new Date(h.at as string),
      from: (h.from_name as string | null) ?? null,
      to: (h.to_name as string | null) ?? null,
      by: (h.by_name as string | null) ?? (h.source === 'system' ? 'system' : null),
      source: String(h.source),
      note: (h.note as string | null) ?? null,
    })),
  };
}
