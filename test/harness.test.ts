import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestContext } from './harness.ts';

const ctx = await createTestContext();
after(() => ctx.close());

test('health answers without authentication and names the database', async () => {
  const r = await ctx.api(null, 'GET', '/api/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.database, process.env.DATABASE_URL ? 'postgres' : 'pglite');
});
