// A campaign's row and statuses, kept in this process for as long as settings_version.v is the
// value they were read under (triggers change it with every write to campaigns, statuses,
// campaign_statuses and processes, in the writer's transaction). A save or a dialer outcome reads
// v with the case it locks, so it works on exactly the settings a fresh read would give without
// reading them again: two statements off the hottest path of agents and the dialer.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { cases } from '../../db/schema.ts';
import { notFound } from '../../shared/errors.ts';
import type { CaseRow } from '../cases/transition.ts';
import { campaignStatusRows, type StatusRow } from '../statuses/repo.ts';
import { type Campaign, getCampaign } from './repo.ts';

export interface CampaignSettings {
  version: string;
  campaign: Campaign;
  statuses: StatusRow[];
}

/** the current settings version, as SQL */
export const settingsVersionSql = sql<string | null>`(select v from settings_version where id = 1)`;

/** The current settings version (null when the table was emptied). */
export async function currentSettingsVersion(db: Db): Promise<string | null> {
  return (await rows<{ v: string | null }>(db, sql`select ${settingsVersionSql} as v`))[0].v;
}

const kept = new Map<number, CampaignSettings>();

/**
 * The campaign's settings under `version`: kept ones, or read now (in the caller's transaction).
 * No version (the table was emptied) keeps nothing.
 */
export async function campaignSettings(db: Db, campaignId: number, version: string | null): Promise<CampaignSettings> {
  const hit = kept.get(campaignId);
  if (version !== null && hit?.version === version) return hit;
  // read after `version` was: at least as new, so never older than the version they are kept under
  const campaign = await getCampaign(db, campaignId);
  const statuses = await campaignStatusRows(db, campaignId, campaign);
  if (version === null) return { version: '', campaign, statuses };
  const settings = { version, campaign, statuses };
  kept.set(campaignId, settings);
  return settings;
}

/** The settings last kept for the campaign, if any: a statement using them checks their version (`settingsVersionSql`). */
export const keptSettings = (campaignId: number): CampaignSettings | undefined => kept.get(campaignId);

/** The case, locked for the caller's transaction, with its campaign's settings as they are now. */
export async function lockCaseWithSettings(tx: Db, caseId: number): Promise<{ case: CaseRow; settings: CampaignSettings }> {
  const [r] = await tx.select({ k: cases, version: settingsVersionSql }).from(cases).where(eq(cases.id, caseId)).for('update', { of: cases });
  if (!r) throw notFound('Case', 'caseId');
  return { case: r.k, settings: await campaignSettings(tx, r.k.campaignId, r.version) };
}
