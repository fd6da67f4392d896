// Every registered route requires authentication and checks its permission (except the few
// that are public by design). Enumerates the routes the app really registered.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { registeredRoutes } from '../src/modules/auth/guard.ts';
import { can, type Permission, roles } from '../src/modules/auth/roles.ts';
import { createTestContext } from './harness.ts';

const ctx = await createTestContext();
after(() => ctx.close());

const concrete = (url: string) =>
  url
    .replace(/:id/g, '1')
    .replace(/:key/g, 'x')
    .replace(/:phone/g, '600100200')
    .replace(/\*/g, 'x');
const routes = registeredRoutes(ctx.app).filter((r) => r.method !== 'HEAD');

test('the app registers its routes and only the intended ones are public', () => {
  assert.ok(routes.length > 30, `only ${routes.length} routes found`);
  const pub = routes
    .filter((r) => r.public)
    .map((r) => `${r.method} ${r.url}`)
    .sort();
  assert.deepEqual(pub, ['GET /*', 'GET /api/health', 'POST /api/auth/login']);
});

test('every non-public route refuses an anonymous caller with 401', async () => {
  for (const r of routes.filter((x) => !x.public)) {
    const res = await ctx.app.inject({
      method: r.method as 'GET',
      url: concrete(r.url),
      payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
    });
    assert.equal(res.statusCode, 401, `${r.method} ${r.url} answered ${res.statusCode}`);
    assert.equal(res.json().code, 'unauthenticated');
  }
});

test('every route refuses, with 403, each role that lacks its permission', async () => {
  let checked = 0;
  for (const r of routes.filter((x) => !x.public)) {
    for (const role of roles) {
      if (can(role, r.permission as Permission)) continue;
      const res = await ctx.app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        headers: { cookie: await ctx.login(role) },
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      assert.equal(res.statusCode, 403, `${role} got ${res.statusCode} on ${r.method} ${r.url}`);
      checked++;
    }
  }
  assert.ok(checked > 40);
});

test('an API token authenticates like its user, and a revoked one does not', async () => {
  const created = await ctx.api('manager', 'POST', '/api/auth/tokens', { name: 'crm' });
  assert.equal(created.status, 201);
  const token = created.body.token as string;
  const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.json().user.username, 'manager');
  const del = await ctx.api('manager', 'DELETE', `/api/auth/tokens/${created.body.id}`);
  assert.equal(del.status, 204);
  const again = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  assert.equal(again.statusCode, 401);
});
