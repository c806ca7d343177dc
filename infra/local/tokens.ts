// The local identity provider: signs JWTs shaped like Cognito ID tokens and verifies them
// with the rules of the HTTP API JWT authorizer (signature, expiry, issuer, audience).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const LOCAL_ISSUER = 'http://127.0.0.1/one-stop-local-issuer';
export const LOCAL_AUDIENCE = 'one-stop-local-client';
const ALG = 'RS256';

export interface LocalIssuer {
  /** `issuer` and `audience` default to the local ones; tests set others to see them refused. */
  sign(claims: {
    sub: string;
    groups: string[];
    expiresInSeconds?: number;
    issuer?: string;
    audience?: string;
  }): Promise<{ token: string; expiresAt: string }>;
  verify(token: string): Promise<JWTPayload>;
  jwks(): { keys: JWK[] };
}

export async function localIssuer(keyFile?: string): Promise<LocalIssuer> {
  let privateKey: CryptoKey;
  let publicJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    privateKey = (await importJWK(stored.privateJwk, ALG)) as CryptoKey;
    publicJwk = stored.publicJwk;
  } else {
    const pair = await generateKeyPair(ALG, { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'local-1', alg: ALG, use: 'sig' };
    if (keyFile) writeFileSync(keyFile, JSON.stringify({ privateJwk: await exportJWK(pair.privateKey), publicJwk }), { mode: 0o600 });
  }
  const publicKey = await importJWK(publicJwk, ALG);
  // A token's signature, issuer and audience are checked once: the payload is kept (a few
  // thousand tokens at most) and only its expiry checked again on each use.
  const verified = new Map<string, JWTPayload>();
  const KEPT = 5_000;
  return {
    async sign({ sub, groups, expiresInSeconds = 3600, issuer = LOCAL_ISSUER, audience = LOCAL_AUDIENCE }) {
      const now = Math.floor(Date.now() / 1000);
      const exp = now + expiresInSeconds;
      const token = await new SignJWT({ 'cognito:groups': groups, token_use: 'id' })
        .setProtectedHeader({ alg: ALG, kid: publicJwk.kid })
        .setSubject(sub)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(privateKey);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    async verify(token) {
      const kept = verified.get(token);
      if (kept && (kept.exp ?? 0) > Date.now() / 1000) return kept;
      verified.delete(token);
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: [ALG],
        requiredClaims: ['sub', 'exp'],
      });
      if (verified.size >= KEPT) verified.delete(verified.keys().next().value!);
      verified.set(token, payload);
      return payload;
    },
    jwks: () => ({ keys: [publicJwk] }),
  };
}

/** Claims as the HTTP API hands them to a function: every value a string, arrays as "[a b]". */
export function gatewayClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}
