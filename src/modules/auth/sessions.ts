import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, sessions, users } from '../../db/schema.ts';
import type { Random } from '../../shared/random.ts';
import { sha256 } from './password.ts';
import { type PublicUser, toPublicUser } from './users-repo.ts';

export async function createSession(db: Db, userId: number, now: Date, hours: number, random: Random) {
  const token = random.token(32);
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  await db.delete(sessions).where(lt(sessions.expiresAt, now)); // housekeeping on every login
  await db.insert(sessions).values({ tokenHash: sha256(token), userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export async function userForSession(db: Db, token: string, now: Date): Promise<PublicUser | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now), eq(users.active, true)));
  return row && toPublicUser(row.user);
}

export async function deleteSession(db: Db, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

export const API_TOKEN_PREFIX = 'prl_';

export async function createApiToken(db: Db, userId: number, name: string, now: Date, random: Random) {
  const token = API_TOKEN_PREFIX + random.token(32);
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: sha256(token), createdAt: now })
    .returning({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt });
  return { ...row, token };
}

export async function userForApiToken(db: Db, token: string, now: Date): Promise<PublicUser | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .from(users)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), eq(users.id, apiTokens.userId), eq(users.active, true)))
    .returning({ user: users });
  return row && toPublicUser(row.user);
}
