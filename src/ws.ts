// One WebSocket per browser tab at /ws; events reach the user they concern (job progress, …).
import type { WebSocket } from 'ws';
import type { AppDeps } from './app.ts';
import { currentUser, type App } from './http.ts';

export function websocketRoutes(app: App, { events }: AppDeps) {
  const sockets = new Map<WebSocket, number>();
  const unsubscribe = events.subscribe((event) => {
    if ('internal' in event) return;
    const message = JSON.stringify(event);
    for (const [socket, userId] of sockets) {
      if (event.userId === null || event.userId === userId) socket.send(message);
    }
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    for (const socket of sockets.keys()) socket.close(1001, 'server shutting down');
  });

  app.get('/ws', { websocket: true, config: { permission: 'self' }, schema: { hide: true } }, (socket, req) => {
    sockets.set(socket, currentUser(req).id);
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ type: 'hello' }));
  });
}
