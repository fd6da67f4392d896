// CT-8, AS-1: when a campaign ends, its contacts return to the database. A contact the campaign
// never used shows its previous last-used date again, so "last used" tells the real last use.
// The released case (released_at) is the timeline's "released" entry.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';

/** `onlyUnused` (AS-7 success limits): only cases never attempted and not in an agent's hands. */
export async function releaseCases(db: Db, campaignId: number, ctx: { now: Date; onlyUnused?: boolean }): Promise<{ released: number; rolledBack: number }> {
  // An unused case never touched the contact, so its "rollback" is simply letting go; a used
  // one leaves its assignment as the contact's last use (calls may have set a later one).
  const [r] = await rows<{ released: string; rolled_back: string }>(
    db,
    sql`
    with rel as (
      update cases set released_at = ${ctx.now}
      where campaign_id = ${campaignId} and released_at is null ${ctx.onlyUnused ? sql`and not used and locked_by is null` : sql``}
      returning contact_id, used, created_at),
    kept as (
      update contacts c set last_used_at = greatest(c.last_used_at, rel.created_at)
      from rel where c.id = rel.contact_id and rel.used
      returning c.id)
    select (select count(*) from rel) as released, (select count(*) from rel where not used) as rolled_back`,
  );
  return { released: Number(r.released), rolledBack: Number(r.rolled_back) };
}
