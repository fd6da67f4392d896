import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import type { App } from '../../http.ts';
import { locationChildren, locationLevels } from './repo.ts';

export function locationRoutes(app: App, { db }: AppDeps) {
  app.get(
    '/api/locations',
    {
      config: { permission: 'contacts.read' },
      schema: {
        tags: ['contacts'],
        summary: 'Children of a location dictionary node (no parentId: the top level)',
        querystring: Type.Object({ parentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })) }),
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), level: Type.Integer(), levelKey: Type.String(), name: Type.String() })) },
      },
    },
    async (req) => (await locationChildren(db, req.query.parentId ?? null)).map((l) => ({ ...l, levelKey: locationLevels[l.level - 1].key })),
  );
}
