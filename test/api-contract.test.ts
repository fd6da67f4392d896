// The API's contract: OpenAPI 3.1 generated from the route schemas, a docs page, and bad input
// of any shape answered with a 4xx in the one error shape — never a 500.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { registeredRoutes } from '../src/modules/auth/guard.ts';
import { errorCatalogue } from '../src/shared/errors.ts';
import { createTestContext } from './harness.ts';

const ctx = await createTestContext();
after(() => ctx.close());

test('OpenAPI 3.1 document lists the API routes with their schemas', async () => {
  const r = await ctx.api('agent', 'GET', '/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.body.openapi, '3.1.0');
  for (const path of [
    '/api/contacts',
    '/api/contacts/count',
    '/api/imports',
    '/api/imports/{id}/start',
    '/api/assignments',
    '/api/assignments/preview',
    '/api/campaigns',
  ]) {
    assert.ok(r.body.paths[path], `missing ${path}`);
  }
  assert.ok(r.body.paths['/api/assignments'].post.requestBody);
  const docs = await ctx.api('agent', 'GET', '/docs/');
  assert.equal(docs.status, 200);
  assert.match(docs.res.body, /swagger/i);
});

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(
    fc.constantFrom('filter', 'campaignId', 'limit', 'ids', 'name', 'phone1', 'mapping', 'groupName', 'page', 'id', 'username', 'custom'),
    fc.anything(),
    { maxKeys: 4 },
  ),
);

test('property: no route answers malformed input with a 500', async () => {
  const routes = registeredRoutes(ctx.app).filter((r) => !r.public && r.method !== 'HEAD' && r.url !== '/ws' && !r.url.startsWith('/docs'));
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      junk,
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -5, max: 3_000_000_000 }),
      async (route, body, q, id) => {
        const url = `${route.url
          .replace(/:id/g, String(id))
          .replace(/:key/g, encodeURIComponent(q) || 'k')
          .replace(/:phone/g, encodeURIComponent(q) || '1')}?page=${encodeURIComponent(q)}&city=${encodeURIComponent(q)}&leastRecentlyUsed=${id}`;
        const res = await ctx.app.inject({
          method: route.method as 'POST',
          url,
          headers: { cookie: await ctx.login('admin'), 'content-type': 'application/json' },
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : JSON.stringify(body ?? null),
        });
        assert.ok(res.statusCode < 500, `${route.method} ${url} ${JSON.stringify(body)} → ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) {
          const err = res.json();
          assert.ok(err.code in errorCatalogue, `unknown code ${err.code}`);
          assert.equal(typeof err.message, 'string');
        }
      },
    ),
    { numRuns: 400 },
  );
});
