// rows() compiles plain raw SQL itself on PGlite: the text, parameters and rows must be the ones
// Drizzle's own execute gives, and anything it does not handle must go to Drizzle unchanged.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eq, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { openDatabase } from './client.ts';
import { migrate } from './migrate.ts';
import { compile, rows } from './query.ts';
import { campaigns, cases } from './schema.ts';

const handle = await openDatabase({ url: process.env.DATABASE_URL, dataDir: 'memory://' });
await migrate(handle);
after(() => handle.close());
const { db } = handle;

test('rows() gives what db.execute gives: values, nulls, dates, arrays, nested and joined SQL, column-encoded params', async () => {
  const at = new Date('2026-03-02T07:00:00.123Z');
  const queries = [
    sql`select ${1}::int as a, ${'x'}::text as b, ${null}::text as c, ${at}::timestamptz as d, ${true} as e`,
    sql`select ${sql`${2}::int + ${sql`${3}::int`}`} as sum, ${undefined} 1 as one`,
    sql`select 4 in ${[1, 4, 9]} as hit, ${sql.join([sql`${5}::int`, sql`${6}::int`], sql` + `)} as joined, ${sql.raw("'raw'")} as raw`,
    sql`select ${'{"k":[1,2]}'}::jsonb as j, '1 day'::interval as i, '2026-03-02'::date as day, array[${at}::timestamptz] as ats`,
    sql`select count(*)::int as n from campaigns where ${eq(campaigns.id, 7)}`, // a column: Drizzle builds it
    sql`select ${cases.id} is null as x from cases limit 1`,
  ];
  for (const q of queries) {
    const expected = ((await db.execute(q)) as unknown as { rows: unknown[] }).rows;
    assert.deepEqual(await rows(db, q), expected);
  }
  await db.transaction(async (tx) => {
    assert.deepEqual(await rows(tx, sql`select ${8}::int as v`), [{ v: 8 }]);
  });
});

test('a failing statement fails the same way: Drizzle’s error, with PostgreSQL’s as its cause', async () => {
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => assert.fail('must fail'),
      (err: Error & { cause?: Error & { code?: string } }) => err,
    );
  const ours = await failure(rows(db, sql`select 1/${0}::int`));
  const theirs = await failure(db.execute(sql`select 1/${0}::int`));
  assert.equal(ours.constructor, theirs.constructor);
  assert.match(ours.message, /^Failed query: select 1\/\$1::int/);
  assert.equal(ours.cause?.code, '22012');
  assert.equal(ours.cause?.code, theirs.cause?.code);
});

test('a statement compiled again comes back as the same text, and statements that differ anywhere get their own', () => {
  const dialect = new PgDialect();
  const shape = (n: number, flag: boolean, list: number[], limit: number) =>
    sql`select ${n}::int as a${flag ? sql`, ${'on'}::text as b` : sql``} from (values ${list.map((x) => sql`(${x})`)}) v(x)
      where v.x in ${list} ${flag ? sql`` : sql`and ${sql.raw('true')}`} limit ${sql.raw(String(limit))}`;
  const variants: SQL[] = [
    shape(1, true, [1], 5),
    shape(2, false, [1], 5),
    shape(3, true, [1, 2], 5),
    shape(4, true, [1], 6),
    sql`select ${''}`,
    sql`select ${sql`${''}`}`,
  ];
  const texts = new Set<string>();
  for (const q of variants) {
    const ours = compile(q);
    const theirs = dialect.sqlToQuery(q);
    assert.ok(ours);
    assert.equal(ours.text, theirs.sql);
    assert.deepEqual(ours.params, theirs.params);
    texts.add(ours.text);
  }
  assert.equal(texts.size, variants.length - 1, 'the two one-parameter selects are one text');
  const first = compile(shape(7, true, [3], 5));
  const again = compile(shape(8, true, [4], 5));
  assert.ok(first && again);
  assert.equal(first.text, again.text);
  assert.deepEqual(
    [first.params, again.params],
    [
      [7, 'on', 3, 3],
      [8, 'on', 4, 4],
    ],
  );
});
