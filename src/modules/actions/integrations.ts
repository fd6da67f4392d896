// Settings an administrator keeps for outside systems: the SMS gateway (AC-1 sms) and the
// webhook signing secret (AC-1 webhook). Secrets are write-only: the API says whether one is
// set, never what it is.
import { sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';

export const SmsGatewaySchema = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', maxLength: 2000, description: 'the gateway endpoint; may contain {{phone}} and {{text}} (URL-encoded)' }),
    method: Type.Union([Type.Literal('POST'), Type.Literal('GET'), Type.Literal('PUT')]),
    /** extra request headers (Content-Type decides how {{text}} is encoded in the body) */
    headers: Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]{1,100}$' }), Type.String({ maxLength: 2000 })),
    body: Type.String({ maxLength: 10_000, description: 'request body template with {{phone}} and {{text}}; empty for GET' }),
  },
  { additionalProperties: false },
);
export type SmsGateway = Static<typeof SmsGatewaySchema> & {
  /** the Authorization header value (write-only) */
  authorization?: string | null;
};

export interface WebhookSettings {
  secret: string | null;
}

export async function readSetting<T>(db: Db, name: 'sms' | 'webhook'): Promise<(T & { updatedAt: string }) | null> {
  const [r] = await rows<{ value: T; updated_at: Date | string }>(db, sql`select value, updated_at from integration_settings where name = ${name}`);
  return r ? { ...r.value, updatedAt: new Date(r.updated_at).toISOString() } : null;
}

export async function writeSetting(db: Db, name: 'sms' | 'webhook', value: object, userId: number, now: Date) {
  await db.execute(
    sql`insert into integration_settings (name, value, updated_at, updated_by) values (${name}, ${JSON.stringify(value)}::jsonb, ${now}, ${userId})
      on conflict (name) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
}
