// Verifying a permit: its signature checked under the signing key's public key, its status
// (valid, revoked, expired) as of now, and, given the digest a printed copy's QR code
// carries, whether that copy is the permit as issued.
import { getPermit } from '#adapters/case-store.ts';
import { kmsPermitKey } from '#adapters/permit-key.ts';
import type { PermitKey, Permits } from '#app/ports.ts';
import { notFound } from '#core/errors.ts';
import { permitVerification } from '#core/permit.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/permits.ts';

export const verifyPermitRoute = (permits: Permits, key: PermitKey, now = () => new Date()) =>
  httpRoute(contract['GET /permits/{number}/verify'], async ({ params, query }) => {
    const permit = await permits.getPermit(params.number);
    if (!permit) throw notFound(`permit ${params.number}`);
    const { keyId, spki } = await key.publicKey();
    return { body: permitVerification(permit, spki, keyId, now(), query.digest) };
  });

export const handler = verifyPermitRoute({ getPermit }, kmsPermitKey);
