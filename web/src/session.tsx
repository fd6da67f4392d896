// The signed-in user and what they may do (GET /api/auth/me on load).
import { createContext, type ReactNode, useContext } from 'react';
import type { Me } from './api.ts';

export interface Session {
  me: Me;
  can(permission: string): boolean;
  setMe(me: Me | null): void;
  logout(): Promise<void>;
}

export const SessionCtx = createContext<Session | null>(null);

export function SessionProvider({ value, children }: { value: Session; children: ReactNode }) {
  return <SessionCtx.Provider value={value}>{children}</SessionCtx.Provider>;
}

export function useSession(): Session {
  const v = useContext(SessionCtx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
