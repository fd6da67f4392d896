// AS-1, CT-8: a contact is "in use" while a case holds it (the case not released); the active
// case's assignment counts as its latest use. Derived from cases, so assigning contacts writes
// only cases and releasing an unused case needs no rollback. Valid wherever `contacts` is in scope.
import { sql } from 'drizzle-orm';
import { contacts } from '../../db/schema.ts';

const activeCase = sql`from cases k where k.contact_id = contacts.id and k.released_at is null and not k.inbound`;

export const isFree = sql`not exists (select 1 ${activeCase})`;
export const inCampaignId = sql<number | null>`(select k.campaign_id ${activeCase})`;
export const effectiveLastUsed = sql<Date | null>`greatest(contacts.last_used_at, (select k.created_at ${activeCase}))`.mapWith(contacts.lastUsedAt);
