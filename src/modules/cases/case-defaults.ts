// What a new case starts with: the process's initial status (PR-3) and the contact's time zone
// (from the number the campaign dials), so the hopper can check local hours without a lookup.
import { type SQL, sql } from 'drizzle-orm';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { countryZones } from '../campaigns/hours.ts';

/** calling code → the zone `timeZoneForPhone` gives (the first country listed wins a shared code) */
export const zoneByCallingCode: [string, string][] = (() => {
  const out = new Map<string, string>();
  for (const [country, zones] of Object.entries(countryZones)) {
    const code = getCountryCallingCode(country as CountryCode);
    if (!out.has(code)) out.set(code, zones[0]);
  }
  return [...out.entries()];
})();

/** calling code → zone as a jsonb literal (a constant of the statement, whatever plan it gets) */
const zoneMap = sql.raw(`'${JSON.stringify(Object.fromEntries(zoneByCallingCode)).replace(/'/g, "''")}'::jsonb`);

/**
 * SQL giving the zone of an E.164 number: its calling code (1 to 3 digits) looked up in the map.
 * Calling codes are prefix-free, so at most one of the three prefixes is one. (A CASE with a LIKE
 * per calling code cost ~200 comparisons a contact when assigning.)
 */
export function zoneSql(phone: SQL, fallback: string): SQL {
  return sql`coalesce(case when left(${phone}, 1) = '+' then coalesce(${zoneMap} ->> substr(${phone}, 2, 3), ${zoneMap} ->> substr(${phone}, 2, 2),
    ${zoneMap} ->> substr(${phone}, 2, 1)) end, ${fallback}::text)`;
}

export interface CaseDefaults {
  initialStatusId: number | null;
  /** SQL over the contact `c` */
  zone: SQL;
}

export async function caseDefaults(db: Db, campaignId: number): Promise<CaseDefaults> {
  const [r] = await rows<{ initial: number | null; phone_column: string; time_zone: string }>(
    db,
    sql`select (select s.id from statuses s where s.process_id = c.process_id and s.initial and s.deleted_at is null order by s.id limit 1) as initial,
      c.phone_column, c.time_zone from campaigns c where c.id = ${campaignId}`,
  );
  const phone = r?.phone_column === 'phone2' ? sql`c.phone2` : sql`c.phone1`;
  return { initialStatusId: r?.initial ?? null, zone: zoneSql(phone, r?.time_zone ?? 'Europe/Warsaw') };
}
