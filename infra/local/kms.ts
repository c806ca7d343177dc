// A KMS stand-in for the permit signing key: Sign, Verify and GetPublicKey (what the functions
// and their tests call) on one ECC_NIST_P256 SIGN_VERIFY key, generated once per data
// directory (or per run in memory), so the functions sign and read it through the same SDK
// calls as in AWS. Node's crypto cannot ECDSA-sign a precomputed digest; @noble/curves can.
// Like KMS, signatures are randomized and not normalized to low S: a verifier that works here
// works with AWS.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { p256 } from '@noble/curves/nist.js';

export interface LocalKms {
  endpoint: string;
  /** The signing key's ARN. */
  keyId: string;
  /** Requests answered, by operation (what the bench can count). */
  requests: Map<string, number>;
  stop(): Promise<void>;
}

/** The alias the stack gives the key (infra/stack.ts): accepted as KeyId here as there. */
export const PERMIT_KEY_ALIAS = 'alias/one-stop-permits';
const ACCOUNT = '000000000000';
const ALGORITHM = 'ECDSA_SHA_256';
/** KMS's signing algorithms: any other value is not valid input; these are, but not for this key. */
const KMS_SIGNING_ALGORITHMS = new Set([
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
  'ED25519_SHA_512',
  'ED25519_PH_SHA_512',
]);
/** The longest message KMS signs whole (MessageType RAW). */
const RAW_LIMIT = 4096;

interface StoredKey {
  /** The key id (a UUID). */
  id: string;
  /** The private key, PKCS#8 PEM. */
  privateKey: string;
}

interface Input {
  KeyId?: unknown;
  Message?: unknown;
  MessageType?: unknown;
  SigningAlgorithm?: unknown;
  Signature?: unknown;
}

/** An error answer as KMS gives it: HTTP 400, `__type` and `message`. */
class Refusal extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

const invalid = (message: string) => new Refusal('ValidationException', message);

function loadKey(file: string | undefined): StoredKey {
  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredKey>;
    if (typeof stored.id !== 'string' || typeof stored.privateKey !== 'string')
      throw new Error(`${file}: not a KMS stand-in key file (id, privateKey)`);
    return stored as StoredKey;
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const stored = { id: randomUUID(), privateKey: String(privateKey.export({ format: 'pem', type: 'pkcs8' })) };
  if (file) writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  return stored;
}

/** A base64 blob of the input, as the SDK sends it. */
function blob(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0)
    throw new Refusal('SerializationException', `${field} is not a base64 blob`);
  return Buffer.from(value, 'base64');
}

/** The SHA-256 digest an input signs: its Message (DIGEST, 32 bytes), or the Message's SHA-256 (RAW). */
function digestOf(input: Input): Uint8Array {
  const algorithm = input.SigningAlgorithm;
  if (typeof algorithm !== 'string' || !KMS_SIGNING_ALGORITHMS.has(algorithm))
    throw invalid(`Value '${String(algorithm)}' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set`);
  if (algorithm !== ALGORITHM)
    throw new Refusal('InvalidKeyUsageException', `${algorithm} is not a valid signing algorithm for a key of spec ECC_NIST_P256.`);
  if (input.Message === undefined) throw invalid("Value null at 'message' failed to satisfy constraint: Member must not be null");
  const message = blob(input.Message, 'Message');
  const type = input.MessageType ?? 'RAW';
  if (type === 'DIGEST') {
    if (message.length !== 32) throw invalid(`Digest is invalid length for algorithm ${ALGORITHM}.`);
    return message;
  }
  if (type !== 'RAW')
    throw invalid(
      `Value '${String(type)}' at 'messageType' failed to satisfy constraint: Member must satisfy enum value set: [RAW, DIGEST]`,
    );
  if (message.length < 1 || message.length > RAW_LIMIT)
    throw invalid(`Value at 'message' failed to satisfy constraint: Member must have length between 1 and ${RAW_LIMIT}`);
  return createHash('sha256').update(message).digest();
}

export async function startKms(region: string, file?: string): Promise<LocalKms> {
  const stored = loadKey(file);
  const arn = `arn:aws:kms:${region}:${ACCOUNT}:key/${stored.id}`;
  const privateKey = createPrivateKey(stored.privateKey);
  const secret = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const publicPoint = p256.getPublicKey(secret, false);
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  // A KeyId may name the key by ARN, by id, or by its alias (name or ARN).
  const names = new Set([arn, stored.id, PERMIT_KEY_ALIAS, `arn:aws:kms:${region}:${ACCOUNT}:${PERMIT_KEY_ALIAS}`]);
  const requests = new Map<string, number>();

  function answerTo(operation: string, input: Input): Record<string, unknown> {
    if (!['GetPublicKey', 'Sign', 'Verify'].includes(operation))
      throw new Refusal('UnknownOperationException', `${operation || 'an operation without x-amz-target'} is not supported here`);
    if (typeof input.KeyId !== 'string' || !input.KeyId)
      throw invalid("Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    if (!names.has(input.KeyId))
      throw new Refusal(
        'NotFoundException',
        input.KeyId.includes('alias/') ? `Alias ${input.KeyId} is not found.` : `Key '${input.KeyId}' does not exist`,
      );
    switch (operation) {
      case 'GetPublicKey':
        return {
          KeyId: arn,
          PublicKey: spki.toString('base64'),
          KeySpec: 'ECC_NIST_P256',
          CustomerMasterKeySpec: 'ECC_NIST_P256',
          KeyUsage: 'SIGN_VERIFY',
          SigningAlgorithms: [ALGORITHM],
        };
      case 'Sign': {
        const signature = p256.sign(digestOf(input), secret, { prehash: false, format: 'der', lowS: false, extraEntropy: true });
        return { KeyId: arn, Signature: Buffer.from(signature).toString('base64'), SigningAlgorithm: ALGORITHM };
      }
      default: {
        const digest = digestOf(input);
        if (input.Signature === undefined) throw invalid("Value null at 'signature' failed to satisfy constraint: Member must not be null");
        const signature = blob(input.Signature, 'Signature');
        let valid = false;
        try {
          valid = p256.verify(signature, digest, publicPoint, { prehash: false, format: 'der', lowS: false });
        } catch {
          // not a DER signature: invalid, as KMS answers
        }
        // KMS answers an invalid signature with an error, never SignatureValid: false
        if (!valid) throw new Refusal('KMSInvalidSignatureException', 'The signature is not valid.');
        return { KeyId: arn, SignatureValid: true, SigningAlgorithm: ALGORITHM };
      }
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : target;
      requests.set(operation, (requests.get(operation) ?? 0) + 1);
      try {
        let input: Input;
        try {
          input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        } catch {
          throw new Refusal('SerializationException', 'the body is not JSON');
        }
        if (typeof input !== 'object' || input === null) throw new Refusal('SerializationException', 'the body is not a JSON object');
        answer(200, answerTo(operation, input));
      } catch (err) {
        if (err instanceof Refusal) return answer(400, { __type: err.type, message: err.message });
        answer(500, { __type: 'KMSInternalException', message: (err as Error).message });
      }
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', () => resolveListen()));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    keyId: arn,
    requests,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
