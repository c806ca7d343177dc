// What the page learns at runtime from /config.json, written beside it by whoever serves it:
// `npm start` (the local issuer) or the stack (the Cognito hosted UI).
export type AuthConfig =
  | { kind: 'local' }
  | {
      kind: 'cognito';
      /** https://<prefix>.auth.<region>.amazoncognito.com */
      domain: string;
      clientId: string;
      /** Where the hosted UI sends the browser back: this page. */
      redirectUri: string;
    };

export interface ConsoleConfig {
  /** The API's base URL, no trailing slash; empty when the API is on this page's origin. */
  apiUrl: string;
  auth: AuthConfig;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/config.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}
