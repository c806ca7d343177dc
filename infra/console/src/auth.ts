// Who is signed in. The API takes an ID token as a bearer token: locally one the local
// issuer signs (POST /local/tokens, a development sign-in with a name and a role); in AWS
// one from the Cognito hosted UI, by the authorization code flow with PKCE (a public
// client: no secret in the page). The token lives in sessionStorage: gone with the tab.
import type { AuthConfig } from './config.ts';

export interface Session {
  token: string;
  sub: string;
  groups: string[];
  /** Epoch ms. */
  expiresAt: number;
}

const SESSION = 'one-stop.session';
const PKCE = 'one-stop.pkce';

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

/** A session from an ID token (its claims read, not verified: the API verifies it). */
export function sessionOf(token: string): Session {
  const claims = claimsOf(token);
  const groups = claims['cognito:groups'];
  return {
    token,
    sub: String(claims.sub ?? ''),
    groups: Array.isArray(groups) ? groups.map(String) : [],
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
}

export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(SESSION);
  if (!token) return undefined;
  const session = sessionOf(token);
  if (session.expiresAt <= Date.now()) {
    sessionStorage.removeItem(SESSION);
    return undefined;
  }
  return session;
}

export function keepSession(token: string): Session {
  sessionStorage.setItem(SESSION, token);
  return sessionOf(token);
}

export function signOut(auth: AuthConfig): void {
  sessionStorage.removeItem(SESSION);
  if (auth.kind === 'cognito')
    location.assign(
      `${auth.domain}/logout?client_id=${encodeURIComponent(auth.clientId)}&logout_uri=${encodeURIComponent(auth.redirectUri)}`,
    );
}

/** The departments a session reviews for (groups `reviewers-<code>`). */
export const reviewerDepartments = (s: Session) =>
  s.groups.filter((g) => g.startsWith('reviewers-')).map((g) => g.slice('reviewers-'.length));
export const isAdmin = (s: Session) => s.groups.includes('admins');
export const isApplicant = (s: Session) => s.groups.includes('applicants');

/** Local development sign-in: the local issuer signs a token for a name and its groups. */
export async function localSignIn(apiUrl: string, sub: string, groups: string[]): Promise<Session> {
  const res = await fetch(`${apiUrl}/local/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, groups }),
  });
  if (!res.ok) throw new Error(`sign-in refused (${res.status})`);
  const { token } = (await res.json()) as { token: string };
  return keepSession(token);
}

/** Send the browser to the hosted UI, keeping the PKCE verifier and state for the way back. */
export async function startHostedSignIn(auth: Extract<AuthConfig, { kind: 'cognito' }>): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  location.assign(`${auth.domain}/oauth2/authorize?${query}`);
}

/** Back from the hosted UI with `?code=`: exchange it (with the verifier) for tokens. */
export async function finishHostedSignIn(auth: Extract<AuthConfig, { kind: 'cognito' }>): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return undefined;
  const kept = JSON.parse(sessionStorage.getItem(PKCE) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, '', location.pathname + location.hash);
  if (!kept || kept.state !== params.get('state')) throw new Error('the sign-in did not start here');
  const res = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: auth.redirectUri,
      code_verifier: kept.verifier,
    }),
  });
  if (!res.ok) throw new Error(`sign-in refused (${res.status})`);
  const { id_token } = (await res.json()) as { id_token: string };
  return keepSession(id_token);
}
