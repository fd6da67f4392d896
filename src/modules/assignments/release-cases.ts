// CT-8, AS-1: when a campaign ends, its contacts return to the database. A contact the campaign
// never used gets its previous last-used date back, so "last used" tells the real last use.
// The released case (released_at) is the timeline's "released" entry.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';

export async function releaseCases(db: Db, campaignId: number, ctx: { now: Date }): Promise<{ released: number; rolledBack: number }> {
  const [r] = await rows<{ released: string; rolled_back: string }>(
    db,
    sql`
    with rel as (
      update cases set released_at = ${ctx.now}
      where campaign_id = ${campaignId} and released_at is null
      returning contact_id, used, prev_last_used_at),
    freed as (
      update contacts c set in_campaign_id = null, updated_at = ${ctx.now},
        last_used_at = case when rel.used then c.last_used_at else rel.prev_last_used_at end
      from rel where c.id = rel.contact_id and c.in_campaign_id = ${campaignId}
      returning c.id, rel.used)
    select (select count(*) from freed) as released, (select count(*) from freed where not used) as rolled_back`,
  );
  return { released: Number(r.released), rolledBack: Number(r.rolled_back) };
}
