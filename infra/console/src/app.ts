// What every page reads: the API client, the session and the route.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Session } from './auth.ts';
import type { ConsoleConfig } from './config.ts';

export interface AppState {
  config: ConsoleConfig;
  api: Api;
  session: Session | undefined;
  setSession(session: Session | undefined): void;
  go(path: string): void;
}

export const AppContext = createContext<AppState | undefined>(undefined);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside the app');
  return app;
}

/** The route: the part of the hash after `#`, e.g. `/cases/C-1`. */
export const currentPath = () => decodeURI(location.hash.replace(/^#/, '')) || '/';
