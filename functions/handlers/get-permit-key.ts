// The public key permits are signed with, for checking a permit offline (README, "Permits").
import { createPublicKey } from 'node:crypto';
import { kmsPermitKey } from '#adapters/permit-key.ts';
import type { PermitKey } from '#app/ports.ts';
import { SIGNING_ALGORITHM } from '#core/permit.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/permits.ts';

export const getPermitKeyRoute = (key: PermitKey) =>
  httpRoute(contract['GET /permit-key'], async () => {
    const { keyId, spki } = await key.publicKey();
    const publicKeyPem = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' });
    return {
      body: {
        keyId,
        algorithm: SIGNING_ALGORITHM,
        curve: 'P-256',
        publicKeyPem: String(publicKeyPem),
        canonicalization: 'RFC 8785 (JSON Canonicalization Scheme): the signature is over the SHA-256 of the document so written',
      },
      headers: { 'cache-control': 'public, max-age=3600' },
    };
  });

export const handler = getPermitKeyRoute(kmsPermitKey);
