// The prepared-statement path of PGlite (pglite-prepared.ts) gives the results PGlite's own
// `query` gives, survives errors, schema changes and eviction, and keeps transactions whole.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PGlite, protocol, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { openDatabase } from './client.ts';
import { bindExecuteSync, preparePgliteStatements, timestampBytes } from './pglite-prepared.ts';

const plain = await PGlite.create({ dataDir: 'memory://' });
const prepared = await PGlite.create({ dataDir: 'memory://' });
preparePgliteStatements(prepared, 3); // a tiny cache, so eviction happens in these tests
after(async () => {
  await plain.close();
  await prepared.close();
});
const schema = `create table t (id serial primary key, at timestamptz, n bigint, j jsonb, tags text[], ok boolean, note text);
  insert into t (at, n, j, tags, ok, note) values ('2026-03-02T07:00:00Z', 9007199254740993, '{"a":[1,2]}', '{x,"y z"}', true, null)`;
await plain.exec(schema);
await prepared.exec(schema);

test("rows, types, parser overrides and counts are the ones PGlite's own query gives", async () => {
  const cases: [string, unknown[], object?][] = [
    ['select * from t where id = $1', [1]],
    ['select * from t where id = $1', [1], { rowMode: 'array' }],
    ['select at from t where at >= $1', [new Date('2026-03-01T00:00:00Z')], { parsers: { [types.TIMESTAMPTZ]: (v: string) => `raw:${v}` } }],
    ['select $1::jsonb as j, $2::int[] as a, $3::text as s', [{ k: 'v' }, [1, 2, 3], null]],
    ['update t set note = $1 where id = $2', ['hello', 1]],
    ['update t set note = $1 where id = $2 returning note', ['again', 1]],
  ];
  for (const [text, params, options] of cases) {
    const a = await plain.query(text, params, options);
    const b = await prepared.query(text, params, options);
    assert.deepEqual(b.rows, a.rows, text);
    assert.deepEqual(b.fields, a.fields, text);
    assert.equal(b.affectedRows, a.affectedRows, text);
  }
});

test("a failing statement throws PostgreSQL's error and leaves the connection usable", async () => {
  await assert.rejects(prepared.query('select 1/$1::int', [0]), /division by zero/);
  await assert.rejects(prepared.query('select * from no_such_table'), /does not exist/);
  assert.equal((await prepared.query<{ x: number }>('select 1/$1::int as x', [1])).rows[0].x, 1);
});

test('a statement prepared before ALTER TABLE is prepared again (cached plan must not change result type)', async () => {
  const before = await prepared.query('select * from t where id = $1', [1]);
  await prepared.exec('alter table t add column extra int default 7');
  const afterAlter = await prepared.query<{ extra: number }>('select * from t where id = $1', [1]);
  assert.equal(afterAlter.rows[0].extra, 7);
  assert.equal(afterAlter.fields.length, before.fields.length + 1);
});

test('more statements than the cache holds: the least recently used are closed and prepared again when needed', async () => {
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 6; i++) {
      const r = await prepared.query<{ v: number }>(`select $1::int + ${i} as v`, [round]);
      assert.equal(r.rows[0].v, round + i);
    }
  }
  const open = await prepared.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where name like 'parley_%'");
  assert.ok(open.rows[0].n <= 4, `at most the cache and one statement waiting to be closed, got ${open.rows[0].n}`);
});

test('inside a transaction statements run prepared too, and a rollback undoes them', async () => {
  await assert.rejects(
    prepared.transaction(async (tx) => {
      await tx.query('update t set note = $1 where id = $2', ['in tx', 1]);
      assert.equal((await tx.query<{ note: string }>('select note from t where id = $1', [1])).rows[0].note, 'in tx');
      throw new Error('roll back');
    }),
    /roll back/,
  );
  assert.equal((await prepared.query<{ note: string }>('select note from t where id = $1', [1])).rows[0].note, 'again');
  await prepared.transaction(async (tx) => {
    await tx.query('update t set note = $1 where id = $2', ['committed', 1]);
  });
  assert.equal((await prepared.query<{ note: string }>('select note from t where id = $1', [1])).rows[0].note, 'committed');
});

test('a transaction behaves as PGlite’s own: a caught failure still rolls it all back, rollback(), exec, sql, closed', async () => {
  const run = async (db: PGlite) => {
    await db.exec('create table tx_t (k int primary key)');
    const outcomes: string[] = [];
    // a statement fails, the caller catches it and carries on: COMMIT answers ROLLBACK, and the transaction fails
    await db
      .transaction(async (tx) => {
        await tx.query('insert into tx_t values ($1)', [1]);
        await tx.query('insert into tx_t values ($1)', [1]).catch(() => outcomes.push('duplicate caught'));
      })
      .then(
        () => outcomes.push('committed'),
        () => outcomes.push('failed at commit'),
      );
    const kept = await db.transaction(async (tx) => {
      await tx.exec('insert into tx_t values (2); insert into tx_t values (3)');
      await tx.sql`insert into tx_t values (${4})`;
      await tx.rollback();
      return tx.closed;
    });
    outcomes.push(`rolled back, closed ${kept}`);
    let later: ((text: string) => Promise<unknown>) | undefined;
    await db.transaction(async (tx) => {
      await tx.exec('insert into tx_t values (5)');
      later = (text) => tx.query(text);
    });
    await (later as (text: string) => Promise<unknown>)('select 1').catch((err: Error) => outcomes.push(err.message));
    outcomes.push(JSON.stringify((await db.query<{ k: number }>('select k from tx_t order by k')).rows.map((r) => r.k)));
    return outcomes;
  };
  const [a, b] = [await run(plain), await run(prepared)];
  assert.deepEqual(b, a);
  assert.deepEqual(b, ['duplicate caught', 'failed at commit', 'rolled back, closed true', 'Transaction is closed', '[5]']);
});

test('text of any length and alphabet, empty strings and nulls read back as written', async () => {
  const values = ['', 'ascii', 'Łódź, Żółć — Příliš žluťoučký kůň', 'x'.repeat(47), 'y'.repeat(49), `${'z'.repeat(60)}ł`, '😀 emoji', null];
  for (const v of values) {
    const a = await plain.query<{ v: string | null }>('select $1::text as v', [v]);
    const b = await prepared.query<{ v: string | null }>('select $1::text as v', [v]);
    assert.deepEqual(b.rows, a.rows, String(v));
    assert.equal(b.rows[0].v, v);
  }
});

test("bind, execute and sync are written byte for byte as PGlite's serialisers write them", () => {
  const { serialize } = protocol;
  const long = 'ż'.repeat(70_000); // past the reused buffer's first size
  const lists: (string | null)[][] = [[], ['1'], ['', null, 'Łódź 😀', '{"a":[1,2]}', null], [long, 'x'.repeat(200_000), null], ['tail']];
  for (const values of lists) {
    const expected = Buffer.concat([serialize.bind({ statement: 'parley_12', values }), serialize.execute({}), serialize.sync()]);
    assert.deepEqual(Buffer.from(bindExecuteSync('parley_12', values) as Uint8Array), expected, `${values.length} values`);
  }
  assert.equal(bindExecuteSync('s', [new Uint8Array([1])]), undefined, 'binary values are left to PGlite');
});

test('a Date for a timestamptz parameter goes in binary: the same bytes PGlite writes for those 8 bytes, and the same instant PostgreSQL reads from text', async () => {
  const at = new Date('2026-03-02T07:00:00.123Z');
  const expected = Buffer.concat([
    protocol.serialize.bind({ statement: 's', values: ['a', timestampBytes(at), null] }),
    protocol.serialize.execute({}),
    protocol.serialize.sync(),
  ]);
  assert.deepEqual(Buffer.from(bindExecuteSync('s', ['a', at, null]) as Uint8Array), expected);
  for (const iso of [
    '2026-03-02T07:00:00.123Z',
    '1999-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00.000Z',
    '2000-01-01T00:00:00.000Z',
    '2262-04-11T23:47:16.854Z',
  ]) {
    const d = new Date(iso);
    const [r] = (
      await prepared.query<{ same: boolean; back: string; later: boolean }>(
        'select $1::timestamptz = $2::text::timestamptz as same, $1::timestamptz as back, $1::timestamptz < $2::text::timestamptz + interval $$1 ms$$ as later',
        [d, iso],
        { parsers: { [types.TIMESTAMPTZ]: (v: string) => v } },
      )
    ).rows;
    assert.ok(r.same && r.later, `${iso} read back as ${r.back}`);
  }
});

test('an error carries the fields PGlite gives it (code, constraint, detail)', async () => {
  await plain.exec('create table u (k int primary key)');
  await prepared.exec('create table u (k int primary key)');
  const fail = async (db: PGlite) => {
    await db.query('insert into u values ($1)', [1]);
    return db.query('insert into u values ($1)', [1]).then(
      () => assert.fail('a duplicate key must fail'),
      (err: Record<string, unknown>) => err,
    );
  };
  const [a, b] = [await fail(plain), await fail(prepared)];
  for (const key of ['code', 'constraint', 'detail', 'severity', 'table', 'message']) assert.equal(b[key], a[key], key);
});

test('a statement outside a transaction another caller holds open waits for its end, and never runs inside it', async () => {
  await prepared.exec('create table w (k int)');
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const tx = prepared.transaction(async (t) => {
    await t.query('insert into w values ($1)', [1]);
    await gate;
    await t.query('insert into w values ($1)', [2]);
  });
  await new Promise((r) => setTimeout(r, 10)); // the transaction has begun and waits at the gate
  let seen: number | undefined;
  const outside = prepared.query<{ n: number }>('select count(*)::int as n from w').then((r) => {
    seen = r.rows[0].n;
  });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(seen, undefined, 'the outside statement waits while the transaction is open');
  release();
  await tx;
  await outside;
  assert.equal(seen, 2, 'it ran after the commit, outside the transaction');
  // statements fired together without awaiting each run whole, in order
  const inserts = [3, 4, 5].map((k) => prepared.query('insert into w values ($1) returning k', [k]));
  assert.deepEqual(
    (await Promise.all(inserts)).map((r) => (r.rows[0] as { k: number }).k),
    [3, 4, 5],
  );
  assert.equal((await prepared.query<{ n: number }>('select count(*)::int as n from w')).rows[0].n, 5);
});

test('a NOTIFY sent by a statement on the prepared path reaches the listener once', async () => {
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    const heard: string[] = [];
    await handle.listen('parley_test', (payload) => heard.push(payload));
    await handle.db.execute(sql`select pg_notify('parley_test', ${'hello'})`);
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('parley_test', ${'at commit'})`);
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(heard.sort(), ['at commit', 'hello']);
  } finally {
    await handle.close();
  }
});

test('in memory, files grow by doubling and keep every byte: a table and its WAL written past several growths read back whole', async () => {
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    await client.exec('create table big (id int primary key, pad text)');
    await client.query(`insert into big select g, repeat(md5(g::text), 8) from generate_series(1, 40000) g`);
    const r = await client.query<{ n: number; sum: string }>(
      `select count(*)::int as n, sum(length(pad))::text as sum from big where pad = repeat(md5(id::text), 8)`,
    );
    assert.deepEqual(r.rows[0], { n: 40000, sum: String(40000 * 256) });
    const dump = await client.dumpDataDir('none');
    assert.ok(dump.size > 10_000_000, 'the files were written out whole');
  } finally {
    await handle.close();
  }
});
