import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import { hashPassword } from './password.ts';
import type { Role } from './roles.ts';

export type User = typeof users.$inferSelect;
const NO_PASSWORD = '!';
export type PublicUser = Omit<User, 'passwordHash'>;

export const toPublicUser = ({ passwordHash: _, ...u }: User): PublicUser => u;

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return u;
}

export async function createUser(
  db: Db,
  input: { username: string; displayName: string; role: Role; password: string | null; language?: string },
  now: Date,
): Promise<PublicUser> {
  // no password: an account nobody signs in to (robot agents); no hash ever matches it
  const passwordHash = input.password === null ? NO_PASSWORD : await hashPassword(input.password);
  const [u] = await db
    .insert(users)
    .values({ ...input, passwordHash, language: input.language ?? 'en', createdAt: now })
    .onConflictDoNothing({ target: users.username })
    .returning();
  if (!u) throw new AppError('username_taken', `User ${input.username} already exists`, { field: 'username' });
  return toPublicUser(u);
}
