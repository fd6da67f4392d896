import { and, asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { apiTokens, users } from '../../db/schema.ts';
import { currentUser, type App, IdParam, DateTime, NullableDateTime } from '../../http.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { SESSION_COOKIE } from './guard.ts';
import { createLoginLimiter } from './login-limiter.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { permissionsOf, roles } from './roles.ts';
import { createApiToken, createSession, deleteSession } from './sessions.ts';
import { createUser, findUserByUsername, toPublicUser } from './users-repo.ts';

const Language = Type.Union([Type.Literal('en'), Type.Literal('pl'), Type.Literal('cs')]);
const RoleT = Type.Union(roles.map((r) => Type.Literal(r)));
const UserOut = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  language: Type.String(),
  active: Type.Boolean(),
});
const Me = Type.Object({ user: UserOut, permissions: Type.Array(Type.String()) });

export function authRoutes(app: App, deps: AppDeps) {
  const { db, clock, config } = deps;
  const limiter = createLoginLimiter(clock, config.loginAttemptsPerMinute);
  const tags = ['auth'];

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in; sets an HttpOnly session cookie',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const wait = limiter.hit([`ip:${req.ip}`, `user:${username.toLowerCase()}`]);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('too_many_attempts', `Too many sign-in attempts; try again in ${wait} s`);
      }
      const user = await findUserByUsername(db, username);
      // verify even for unknown users so timing does not reveal which usernames exist
      const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$16384$8$1$AAAA$AAAA');
      if (!user || !ok || !user.active) throw new AppError('invalid_credentials', 'Wrong username or password');
      const session = await createSession(db, user.id, clock.now(), config.sessionHours, deps.random);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.cookieSecure,
        expires: session.expiresAt,
      });
      return { user: toPublicUser(user), permissions: permissionsOf(user.role) };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { permission: 'self' }, schema: { tags, summary: 'Sign out', response: { 204: Type.Null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get('/api/auth/me', { config: { permission: 'self' }, schema: { tags, summary: 'The signed-in user', response: { 200: Me } } }, async (req) => {
    const user = currentUser(req);
    return { user, permissions: permissionsOf(user.role) };
  });

  app.patch(
    '/api/auth/me',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Change own language or password',
        body: Type.Object(
          {
            language: Type.Optional(Language),
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            currentPassword: Type.Optional(Type.String()),
            newPassword: Type.Optional(Type.String({ minLength: 8, maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserOut },
      },
    },
    async (req) => {
      const me = currentUser(req);
      const { language, displayName, currentPassword, newPassword } = req.body;
      const patch: Partial<typeof users.$inferInsert> = {};
      if (language) patch.language = language;
      if (displayName) patch.displayName = displayName;
      if (newPassword) {
        const full = await findUserByUsername(db, me.username);
        if (!full || !currentPassword || !(await verifyPassword(currentPassword, full.passwordHash))) {
          throw new AppError('invalid_credentials', 'The current password is wrong', { field: 'currentPassword' });
        }
        patch.passwordHash = await hashPassword(newPassword);
      }
      if (Object.keys(patch).length === 0) return me;
      const [u] = await db.update(users).set(patch).where(eq(users.id, me.id)).returning();
      return toPublicUser(u);
    },
  );

  const TokenOut = Type.Object({ id: Type.Integer(), name: Type.String(), createdAt: DateTime(), lastUsedAt: NullableDateTime() });

  app.get(
    '/api/auth/tokens',
    { config: { permission: 'self' }, schema: { tags, summary: 'My API tokens', response: { 200: Type.Array(TokenOut) } } },
    async (req) => {
      const rows = await db
        .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
        .from(apiTokens)
        .where(eq(apiTokens.userId, currentUser(req).id))
        .orderBy(asc(apiTokens.id));
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null }));
    },
  );

  app.post(
    '/api/auth/tokens',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Create an API token for integrations (Authorization: Bearer <token>); shown once',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 201: Type.Object({ id: Type.Integer(), name: Type.String(), token: Type.String() }) },
      },
    },
    async (req, reply) => {
      const t = await createApiToken(db, currentUser(req).id, req.body.name, clock.now(), deps.random);
      return reply.code(201).send({ id: t.id, name: t.name, token: t.token });
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    { config: { permission: 'self' }, schema: { tags, summary: 'Revoke an API token', params: IdParam, response: { 204: Type.Null() } } },
    async (req, reply) => {
      const gone = await db
        .delete(apiTokens)
        .where(and(eq(apiTokens.id, req.params.id), eq(apiTokens.userId, currentUser(req).id)))
        .returning({ id: apiTokens.id });
      if (gone.length === 0) throw notFound('Token', 'id');
      return reply.code(204).send(null);
    },
  );

  const userTags = ['users'];
  app.get(
    '/api/users',
    { config: { permission: 'users.manage' }, schema: { tags: userTags, summary: 'All users', response: { 200: Type.Array(UserOut) } } },
    async () => {
      const rows = await db.select().from(users).orderBy(asc(users.username));
      return rows.map(toPublicUser);
    },
  );

  app.post(
    '/api/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: userTags,
        summary: 'Create a user',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' }),
          displayName: Type.String({ minLength: 1, maxLength: 200 }),
          role: RoleT,
          password: Type.String({ minLength: 8, maxLength: 1000 }),
          language: Type.Optional(Language),
        }),
        response: { 201: UserOut },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(db, req.body, clock.now())),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: userTags,
        summary: 'Change a user (role, name, active, password)',
        params: IdParam,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            role: Type.Optional(RoleT),
            active: Type.Optional(Type.Boolean()),
            password: Type.Optional(Type.String({ minLength: 8, maxLength: 1000 })),
            language: Type.Optional(Language),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserOut },
      },
    },
    async (req) => {
      const { password, ...rest } = req.body;
      const patch: Partial<typeof users.$inferInsert> = { ...rest };
      if (password) patch.passwordHash = await hashPassword(password);
      if (req.params.id === currentUser(req).id && (rest.active === false || (rest.role && rest.role !== 'admin'))) {
        throw new AppError('conflict', 'You cannot demote or deactivate yourself', { field: rest.active === false ? 'active' : 'role' });
      }
      const [u] = Object.keys(patch).length
        ? await db.update(users).set(patch).where(eq(users.id, req.params.id)).returning()
        : await db.select().from(users).where(eq(users.id, req.params.id));
      if (!u) throw notFound('User', 'id');
      return toPublicUser(u);
    },
  );
}
