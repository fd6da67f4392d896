import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestContext, PASSWORD } from '../../../test/harness.ts';
import { hashPassword, verifyPassword } from './password.ts';

const ctx = await createTestContext({ PARLEY_LOGIN_ATTEMPTS: '5' });
after(() => ctx.close());

test('passwords are stored as scrypt hashes and verified', async () => {
  const h = await hashPassword('correct horse');
  assert.match(h, /^scrypt\$32768\$8\$1\$/);
  assert.equal(await verifyPassword('correct horse', h), true);
  assert.equal(await verifyPassword('wrong horse', h), false);
});

test('login sets an HttpOnly SameSite=Strict session cookie and returns the permissions', async () => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'supervisor', password: PASSWORD },
    remoteAddress: '10.0.0.1',
  });
  assert.equal(res.statusCode, 200);
  const cookie = res.cookies.find((c) => c.name === 'parley_session');
  assert.ok(cookie?.value);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.deepEqual(res.json().permissions.includes('campaigns.manage'), false);
  const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `parley_session=${cookie.value}` } });
  assert.equal(me.json().user.role, 'supervisor');
});

test('a wrong password is refused without saying which part was wrong', async () => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'agent', password: 'nope-nope' },
    remoteAddress: '10.0.0.2',
  });
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().code, 'invalid_credentials');
  const unknown = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'ghost', password: 'nope-nope' },
    remoteAddress: '10.0.0.2',
  });
  assert.equal(unknown.json().message, res.json().message);
});

test('login attempts are rate-limited per address and per username, then allowed again after a minute', async () => {
  const attempt = () =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'manager', password: 'bad-password' }, remoteAddress: '10.0.0.3' });
  for (let i = 0; i < 5; i++) assert.equal((await attempt()).statusCode, 401);
  const limited = await attempt();
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().code, 'too_many_attempts');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  // another address, same username: still limited (protects the account)
  const other = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'manager', password: PASSWORD },
    remoteAddress: '10.0.0.4',
  });
  assert.equal(other.statusCode, 429);
  ctx.clock.advance(61_000);
  const ok = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'manager', password: PASSWORD }, remoteAddress: '10.0.0.3' });
  assert.equal(ok.statusCode, 200);
});

test('sessions expire', async () => {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: PASSWORD }, remoteAddress: '10.0.0.5' });
  const cookie = `parley_session=${res.cookies[0].value}`;
  assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 200);
  ctx.clock.advance(13 * 3_600_000);
  assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 401);
});

test('logout ends the session', async () => {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: PASSWORD }, remoteAddress: '10.0.0.6' });
  const cookie = `parley_session=${res.cookies[0].value}`;
  assert.equal((await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode, 204);
  assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 401);
});

test('admins manage users; bad input names the field; usernames are unique', async () => {
  const bad = await ctx.api('admin', 'POST', '/api/users', { username: 'x y', displayName: 'X', role: 'agent', password: 'longenough' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'validation_failed');
  assert.equal(bad.body.field, 'username');
  const shortPw = await ctx.api('admin', 'POST', '/api/users', { username: 'ewa', displayName: 'Ewa', role: 'agent', password: 'short' });
  assert.equal(shortPw.body.field, 'password');
  const role = await ctx.api('admin', 'POST', '/api/users', { username: 'ewa', displayName: 'Ewa', role: 'boss', password: 'longenough' });
  assert.equal(role.status, 400);
  const ok = await ctx.api('admin', 'POST', '/api/users', { username: 'ewa', displayName: 'Ewa', role: 'agent', password: 'longenough' });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.passwordHash, undefined);
  const dup = await ctx.api('admin', 'POST', '/api/users', { username: 'ewa', displayName: 'Ewa', role: 'agent', password: 'longenough' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.code, 'username_taken');
  const self = await ctx.api('admin', 'PATCH', `/api/users/${ctx.users.admin}`, { role: 'agent' });
  assert.equal(self.status, 409);
});

test('a user changes their language and password', async () => {
  const lang = await ctx.api('agent', 'PATCH', '/api/auth/me', { language: 'cs' });
  assert.equal(lang.body.language, 'cs');
  const badLang = await ctx.api('agent', 'PATCH', '/api/auth/me', { language: 'de' });
  assert.equal(badLang.status, 400);
  const wrong = await ctx.api('agent', 'PATCH', '/api/auth/me', { currentPassword: 'nope', newPassword: 'another-password' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.field, 'currentPassword');
  const ok = await ctx.api('agent', 'PATCH', '/api/auth/me', { currentPassword: PASSWORD, newPassword: 'another-password' });
  assert.equal(ok.status, 200);
});

test('malformed JSON and unknown routes get the error shape, never a 500', async () => {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().code, 'validation_failed');
  const missing = await ctx.api('admin', 'GET', '/api/nothing-here');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 'not_found');
});
