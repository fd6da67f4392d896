// First start: an administrator exists (password from the environment, or generated and printed once).
import { count } from 'drizzle-orm';
import type { Database } from './db/client.ts';
import { users } from './db/schema.ts';
import { createUser } from './modules/auth/users-repo.ts';
import type { Random } from './shared/random.ts';

export async function ensureAdmin(db: Database, opts: { username: string; password?: string; now: Date; random: Random }) {
  const [{ n }] = await db.select({ n: count() }).from(users);
  if (n > 0) return undefined;
  const password = opts.password ?? opts.random.token(12);
  await createUser(db, { username: opts.username, displayName: 'Administrator', role: 'admin', password }, opts.now);
  return { username: opts.username, password, generated: !opts.password };
}
