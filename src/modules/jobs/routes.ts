import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { jobs } from '../../db/schema.ts';
import { BigIdParam, currentUser, type App } from '../../http.ts';
import { notFound } from '../../shared/errors.ts';
import { can } from '../auth/roles.ts';

const JobOut = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  state: Type.String(),
  attempts: Type.Integer(),
  progress: Type.Unknown(),
  result: Type.Unknown(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

const toOut = (j: typeof jobs.$inferSelect) => ({
  id: j.id,
  kind: j.kind,
  state: j.state,
  attempts: j.attempts,
  progress: j.progress,
  result: j.result,
  lastError: j.lastError,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
});

export function jobRoutes(app: App, { db, clock }: AppDeps) {
  const tags = ['jobs'];
  app.get(
    '/api/jobs',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'My background jobs (running and recent), so progress survives navigation',
        querystring: Type.Object({ active: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(JobOut) },
      },
    },
    async (req) => {
      const me = currentUser(req);
      const recent = sql`${jobs.createdAt} > ${new Date(clock.now().getTime() - 86_400_000)}`;
      const rows = await db
        .select()
        .from(jobs)
        .where(
          and(
            eq(jobs.createdBy, me.id),
            req.query.active ? inArray(jobs.state, ['queued', 'running']) : or(inArray(jobs.state, ['queued', 'running']), recent),
          ),
        )
        .orderBy(desc(jobs.id))
        .limit(50);
      return rows.map(toOut);
    },
  );

  app.get(
    '/api/jobs/:id',
    { config: { permission: 'self' }, schema: { tags, summary: 'One job', params: BigIdParam, response: { 200: JobOut } } },
    async (req) => {
      const [job] = await db.select().from(jobs).where(eq(jobs.id, req.params.id));
      const me = currentUser(req);
      if (!job || (job.createdBy !== me.id && !can(me.role, 'users.manage'))) throw notFound('Job', 'id');
      return toOut(job);
    },
  );
}
