// Secrets the functions read: the key that signs list cursors. In AWS a Secrets Manager secret
// the stack generates; locally the Secrets Manager stand-in holds one per data directory.
// Read through Powertools Parameters, once per instance and then from its cache.
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { env } from '#infra/manifest.ts';
import { requiredEnv } from './clients.ts';

const KEPT_SECONDS = 3600;

/** The HMAC key for cursors (at least 32 bytes). */
export async function cursorKey(): Promise<Buffer> {
  const value = await getSecret(requiredEnv(env.cursorKey), { maxAge: KEPT_SECONDS });
  const key = typeof value === 'string' ? Buffer.from(value, 'utf8') : value instanceof Uint8Array ? Buffer.from(value) : undefined;
  if (!key || key.length < 32) throw new Error('the cursor key secret is missing or shorter than 32 bytes');
  return key;
}
