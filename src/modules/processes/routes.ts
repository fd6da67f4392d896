// PR-1..PR-7: processes, saved whole from the graph editor, linted before every save.
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import { type App, IdParam } from '../../http.ts';
import { lintProcess } from './lint.ts';
import { LintFindingSchema, ProcessDefSchema, ProcessStatusSchema } from './model.ts';
import { deleteProcess, getProcess, listProcesses, loadActionRefs, saveProcess } from './repo.ts';
import type { ProcessDef } from './types.ts';

const ProcessOut = Type.Object({
  ...ProcessDefSchema.properties,
  id: Type.Integer(),
  statuses: Type.Array(Type.Object({ ...ProcessStatusSchema.properties, id: Type.Integer() })),
  findings: Type.Array(LintFindingSchema),
  campaignIds: Type.Array(Type.Integer()),
});
const SaveOut = Type.Object({ process: ProcessOut, findings: Type.Array(LintFindingSchema) });

export function processRoutes(app: App, { db, clock }: AppDeps) {
  const tags = ['processes'];
  app.get(
    '/api/processes',
    {
      config: { permission: 'campaigns.read' },
      schema: {
        tags,
        summary: 'Processes with their status count and campaigns',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              name: Type.String(),
              description: Type.String(),
              kind: Type.String(),
              statuses: Type.Integer(),
              campaignIds: Type.Array(Type.Integer()),
            }),
          ),
        },
      },
    },
    async () => listProcesses(db),
  );
  app.post(
    '/api/processes/lint',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Check a process without saving it (the editor shows the findings on the graph)',
        body: ProcessDefSchema,
        response: { 200: Type.Object({ findings: Type.Array(LintFindingSchema) }) },
      },
    },
    async (req) => ({ findings: lintProcess(req.body as ProcessDef, await loadActionRefs(db, req.body as ProcessDef)).findings }),
  );
  app.post(
    '/api/processes',
    {
      config: { permission: 'campaigns.manage' },
      schema: {
        tags,
        summary: 'Create a process (refused with 422 process_invalid when the linter finds errors)',
        body: ProcessDefSchema,
        response: { 201: SaveOut },
      },
    },
    async (req, reply) => {
      const { id, findings } = await saveProcess(db, null, req.body as ProcessDef, clock.now());
      return reply.code(201).send({ process: await getProcess(db, id), findings });
    },
  );
  app.get(
    '/api/processes/:id',
    {
      config: { permission: 'campaigns.read' },
      schema: { tags, summary: 'A process with its statuses and the linter findings', params: IdParam, response: { 200: ProcessOut } },
    },
    async (req) => getProcess(db, req.params.id),
  );
  app.put(
    '/api/processes/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Save a process whole; statuses keep their id by key', params: IdParam, body: ProcessDefSchema, response: { 200: SaveOut } },
    },
    async (req) => {
      const { id, findings } = await saveProcess(db, req.params.id, req.body as ProcessDef, clock.now());
      return { process: await getProcess(db, id), findings };
    },
  );
  app.delete(
    '/api/processes/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Delete a process no campaign uses', params: IdParam, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await deleteProcess(db, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
