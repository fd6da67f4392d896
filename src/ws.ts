// One WebSocket per browser tab at /ws; events reach the user they concern (job progress, …).
// An event for everyone (userId null) that only some roles may see goes only to them.
import type { WebSocket } from 'ws';
import type { AppDeps } from './app.ts';
import { currentUser, type App } from './http.ts';
import { can, type Permission, type Role } from './modules/auth/roles.ts';
import type { AppEvent } from './shared/events.ts';

/** Broadcast events whose readers need a permission (what the page they refresh requires). */
const audience: Partial<Record<AppEvent['type'], Permission>> = {
  'actions.changed': 'cases.read',
};

export function websocketRoutes(app: App, { events }: AppDeps) {
  const sockets = new Map<WebSocket, { id: number; role: Role }>();
  const unsubscribe = events.subscribe((event) => {
    if ('internal' in event) return;
    const message = JSON.stringify(event);
    const needs = audience[event.type];
    for (const [socket, user] of sockets) {
      if (event.userId === null ? !needs || can(user.role, needs) : event.userId === user.id) socket.send(message);
    }
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    for (const socket of sockets.keys()) socket.close(1001, 'server shutting down');
  });

  app.get('/ws', { websocket: true, config: { permission: 'self' }, schema: { hide: true } }, (socket, req) => {
    const user = currentUser(req);
    sockets.set(socket, { id: user.id, role: user.role });
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ type: 'hello' }));
  });
}
