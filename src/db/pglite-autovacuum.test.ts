// PGlite has no autovacuum worker: the embedded database vacuums between statements instead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { autovacuum } from './pglite-autovacuum.ts';
import { preparePgliteStatements } from './pglite-prepared.ts';

test('a table past autovacuum’s threshold of dead rows is vacuumed between statements, and only when due', async () => {
  const pg = await PGlite.create({ dataDir: 'memory://' });
  try {
    preparePgliteStatements(pg, 50, undefined, { between: autovacuum(20) });
    await pg.exec('create table t (id int primary key, n int); insert into t select g, 0 from generate_series(1, 1000) g');
    // statistics reach the shared counters at most once a second, unless asked to
    const statements = async (n: number) => {
      await pg.query('select pg_stat_force_next_flush()');
      for (let i = 1; i < n; i++) await pg.query('select 1');
    };
    const stats = async () =>
      (
        await pg.query<{ dead: number; vacuums: number }>(
          `select n_dead_tup::int as dead, vacuum_count::int as vacuums from pg_stat_user_tables where relname = 't'`,
        )
      ).rows[0];
    // 100 dead rows: under 50 + 20 % of 1000, so not yet due
    await pg.query('update t set n = n + 1 where id <= $1', [100]);
    await statements(20);
    assert.equal((await stats()).vacuums, 0, 'nor are the 1000 rows inserted (under 1000 + 20 %)');
    await pg.query('update t set n = n + 1 where id <= $1', [100]);
    await statements(20);
    assert.equal((await stats()).vacuums, 0, '200 dead rows of 1000 are not due either');
    await pg.query('update t set n = n + 1');
    await statements(20);
    const after = await stats();
    assert.equal(after.vacuums, 1, '1200 are');
    assert.equal(after.dead, 0);
  } finally {
    await pg.close();
  }
});
