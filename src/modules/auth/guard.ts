// Every route is authenticated and checks its permission; a route that names neither a
// permission nor `public` refuses to register, so an unguarded route cannot ship.
import type { App } from '../../http.ts';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { can } from './roles.ts';
import { API_TOKEN_PREFIX, userForApiToken, userForSession } from './sessions.ts';

export const SESSION_COOKIE = 'parley_session';

export interface RouteInfo {
  method: string;
  url: string;
  permission?: string;
  public?: boolean;
}
const routeTables = new WeakMap<object, RouteInfo[]>();
/** Every route the app registered, with its guard (a test proves each one is enforced). */
export const registeredRoutes = (app: object): RouteInfo[] => routeTables.get(app) ?? [];

export function installGuard(app: App, deps: AppDeps) {
  app.decorateRequest('user', null);

  const table: RouteInfo[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { permission?: string; public?: boolean };
    if (!config.permission && !config.public) {
      if (!route.url.startsWith('/docs')) throw new Error(`Route ${route.method} ${route.url} has neither a permission nor public: true`);
      route.config = { ...config, permission: 'self' } as typeof route.config;
    }
    const guard = route.config as { permission?: string; public?: boolean };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, permission: guard.permission, public: guard.public });
  });

  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    if (config.public) return;
    const user = await authenticate(req.headers.authorization, req.cookies[SESSION_COOKIE]);
    if (!user) throw new AppError('unauthenticated', 'Sign in first');
    if (!config.permission || !can(user.role, config.permission)) {
      throw new AppError('forbidden', `Your role (${user.role}) may not do this`);
    }
    req.user = user;
  });

  async function authenticate(authorization: string | undefined, cookie: string | undefined) {
    const now = deps.clock.now();
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer?.startsWith(API_TOKEN_PREFIX)) return userForApiToken(deps.db, bearer, now);
    if (cookie) return userForSession(deps.db, cookie, now);
    return undefined;
  }
}
