// The permit signing key in KMS (its stand-in locally, infra/local/kms.ts): an ECC_NIST_P256
// key for ECDSA_SHA_256. The issuer signs a SHA-256 digest (MessageType DIGEST: a document may
// be longer than the 4,096 bytes KMS signs whole); readers fetch the public key once per
// function instance, since a key id's public key never changes. The client is made on first
// use, so a function that imports this module and never signs pays nothing for it.
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { PermitKey, PermitSigner } from '#app/ports.ts';
import { env } from '#infra/manifest.ts';
import { requiredEnv } from './clients.ts';

let client: KMSClient | undefined;
const kms = (): KMSClient => {
  client ??= new KMSClient({});
  return client;
};

let kept: Promise<{ keyId: string; spki: Uint8Array }> | undefined;

export const kmsPermitKey: PermitKey = {
  publicKey: () => {
    if (kept) return kept;
    const reading = kms()
      .send(new GetPublicKeyCommand({ KeyId: requiredEnv(env.permitKey) }))
      .then(({ KeyId, PublicKey }) => {
        if (!KeyId || !PublicKey) throw new Error('KMS GetPublicKey answered without the key');
        return { keyId: KeyId, spki: PublicKey };
      });
    kept = reading;
    // a failed read is not kept: the next request asks again
    reading.catch(() => {
      if (kept === reading) kept = undefined;
    });
    return reading;
  },
};

export const kmsPermitSigner: PermitSigner = {
  sign: async (digest) => {
    const { KeyId, Signature } = await kms().send(
      new SignCommand({ KeyId: requiredEnv(env.permitKey), Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    if (!KeyId || !Signature) throw new Error('KMS Sign answered without a signature');
    return { keyId: KeyId, signature: Signature };
  },
};
