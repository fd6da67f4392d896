// zoneSql: the zone of a number by its calling code, as SQL. Every calling code and a few
// numbers that have none must give what a prefix match over the list gives.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { zoneByCallingCode, zoneSql } from './case-defaults.ts';

const handle = await openDatabase({ url: process.env.DATABASE_URL, dataDir: 'memory://' });
after(() => handle.close());

test('zoneSql gives the zone of the calling code that prefixes the number, else the fallback', async () => {
  const phones = [...zoneByCallingCode.flatMap(([code]) => [`+${code}123456789`, `+${code}9`]), '+0123', '48221234567', '', '+', null];
  const expected = phones.map((p) => (p?.startsWith('+') && zoneByCallingCode.find(([code]) => p.startsWith(`+${code}`))?.[1]) || 'Fallback/Zone');
  const got = await rows<{ zone: string }>(
    handle.db,
    sql`select ${zoneSql(sql`p.phone`, 'Fallback/Zone')} as zone from unnest(${`{${phones.map((p) => (p === null ? 'NULL' : `"${p}"`)).join(',')}}`}::text[]) with ordinality as p(phone, n) order by n`,
  );
  assert.deepEqual(
    got.map((r) => r.zone),
    expected,
  );
  assert.ok(zoneByCallingCode.length > 50, 'the whole list');
});
