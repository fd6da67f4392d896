// Shared HTTP types and helpers for route modules.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PublicUser } from './modules/auth/users-repo.ts';
import type { Permission } from './modules/auth/roles.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the permission a caller needs; every route has one unless it is public */
    permission?: Permission;
    public?: boolean;
  }
  interface FastifyRequest {
    user: PublicUser | null;
  }
}

export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'Error' },
);

/** A timestamp in responses: Drizzle gives Date, the serializer writes ISO 8601. */
export const DateTime = () => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const NullableDateTime = () => Type.Unsafe<Date | string | null>({ type: ['string', 'null'], format: 'date-time' });

export const INT4_MAX = 2_147_483_647;
/** ids of serial (int4) tables */
export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: INT4_MAX }) });
/** ids of bigserial tables (contacts, jobs) */
export const BigIdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

/** The user of an authenticated route (the guard has run, so it is there). */
export function currentUser(req: { user: PublicUser | null }): PublicUser {
  if (!req.user) throw new Error('route reached without authentication');
  return req.user;
}

/** One of a list of strings (typed as their union, unlike Type.Union over a mapped array). */
export const OneOf = <T extends string>(values: readonly T[], opts: { description?: string; default?: T } = {}) => Type.Enum(values, opts);
