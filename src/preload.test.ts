// The preload (src/preload.ts) resolves drizzle-orm's own relative imports itself; Drizzle's
// checks across its modules must hold as with Node's own resolution.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

const listModules = `
  const { is } = await import('drizzle-orm');
  const { PgTable } = await import('drizzle-orm/pg-core');
  const { cases } = await import('./src/db/schema.ts');
  const { resolvedHere } = await import('./src/preload.ts');
  console.log(JSON.stringify({ table: is(cases, PgTable), here: resolvedHere.count > 100 }));`;

test('preloaded, the hook resolves drizzle-orm’s imports, and its checks across modules still hold', () => {
  const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, [...args, '--input-type=module', '-e', listModules], { encoding: 'utf8' }));
  const plain = run([]);
  const preloaded = run(['--import', './src/preload.ts']);
  assert.equal(plain.here, false, 'imported late, the preload resolves nothing');
  assert.equal(preloaded.here, true, 'preloaded, it resolves drizzle-orm’s own imports');
  assert.equal(plain.table, true);
  assert.equal(preloaded.table, true, 'a schema table is still a PgTable across drizzle-orm’s modules');
});
