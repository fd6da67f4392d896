// PGlite runs no autovacuum worker, so an embedded database never vacuums on its own: dead row
// versions pile up in the tables and in the partial hopper indexes every claim walks (by the third
// hour of a simulated day a claim read 118 pages instead of 92). This vacuums as autovacuum would,
// at its default thresholds, between statements: every `every` statements it reads the table
// statistics and vacuums the tables that are due. ANALYZE is left out on purpose: measured on the
// same day, fresh statistics turned the claim's plan into one that read 223 pages a claim.
// (A PostgreSQL server has its own autovacuum; this runs on PGlite only.)

/** runs one statement at once, outside any transaction, and gives its rows */
export type RunNow = <T>(text: string) => T[];

/** autovacuum's defaults: past 50 + 20 % of the rows dead, or 1000 + 20 % inserted since the last vacuum */
const DUE = `select relname from pg_stat_user_tables
  where schemaname = 'public' and (n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup)
  order by relname`;

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** a `between` hook for preparePgliteStatements: looks every `every` statements */
export function autovacuum(every = 1000) {
  let count = 0;
  return (runNow: RunNow) => {
    if (++count < every) return;
    count = 0;
    for (const t of runNow<{ relname: string }>(DUE)) runNow(`vacuum ${quoted(t.relname)}`);
  };
}
