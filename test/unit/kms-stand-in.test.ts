// The KMS stand-in with the permit key adapter that the functions use: what the issuer signs
// verifies with node:crypto under the public key GetPublicKey serves (as anyone checks a
// permit), Verify agrees, errors are those KMS gives, and the key lives as long as its file.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, ListKeysCommand, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { kmsPermitKey, kmsPermitSigner } from '#adapters/permit-key.ts';
import { env } from '../../infra/manifest.ts';
import { PERMIT_KEY_ALIAS, startKms, type LocalKms } from '../../infra/local/kms.ts';
import { localClientConfig } from '../../infra/local/net.ts';

const REGION = 'us-east-1';
const dir = mkdtempSync(join(tmpdir(), 'one-stop-kms-'));
const keyFile = join(dir, 'kms.json');
let kms: LocalKms;
let client: KMSClient;
/** What the adapter sent, in order: it reaches the stand-in through a recording proxy. */
const sent: { target: string; body: unknown }[] = [];
let proxy: Server;

beforeAll(async () => {
  kms = await startKms(REGION, keyFile);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      sent.push({ target: String(req.headers['x-amz-target']), body: JSON.parse(body.toString('utf8')) });
      const forward = request(`${kms.endpoint}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  // as the local stack sets them for every function
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_KMS: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    [env.permitKey]: kms.keyId,
  });
  client = new KMSClient(localClientConfig(kms.endpoint));
});

afterAll(async () => {
  client?.destroy();
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await kms?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A permit-sized document: longer than the 4,096 bytes KMS signs whole. */
const document = Buffer.from(JSON.stringify({ number: 'P-2026-000001', conditions: 'x'.repeat(6000) }));
const digest = createHash('sha256').update(document).digest();
const publicKeyOf = (spki: Uint8Array) => createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });

describe('signing a permit and checking it, through the adapter', () => {
  it('a signed digest verifies with node:crypto under the key GetPublicKey serves; a changed document does not', async () => {
    const signed = await kmsPermitSigner.sign(digest);
    const { keyId, spki } = await kmsPermitKey.publicKey();
    assert.equal(signed.keyId, kms.keyId);
    assert.equal(keyId, kms.keyId);
    assert.match(keyId, /^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/);
    const publicKey = publicKeyOf(spki);
    assert.equal(publicKey.asymmetricKeyType, 'ec');
    assert.equal(publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    // DER-encoded ECDSA, SHA-256 of the whole document: what a verifier anywhere does
    assert.equal(verify('sha256', document, publicKey, signed.signature), true);
    const changed = Buffer.from(document);
    changed[20] ^= 1;
    assert.equal(verify('sha256', changed, publicKey, signed.signature), false);
  });

  it('signatures are randomized, as KMS makes them: two of one digest differ and both verify', async () => {
    const [a, b] = await Promise.all([kmsPermitSigner.sign(digest), kmsPermitSigner.sign(digest)]);
    assert.notDeepEqual(Buffer.from(a.signature), Buffer.from(b.signature));
    const publicKey = publicKeyOf((await kmsPermitKey.publicKey()).spki);
    for (const s of [a, b]) assert.equal(verify('sha256', document, publicKey, s.signature), true);
  });

  it('the public key is read from KMS once per process, then kept', async () => {
    await kmsPermitKey.publicKey();
    const before = kms.requests.get('GetPublicKey') ?? 0;
    const again = await Promise.all([kmsPermitKey.publicKey(), kmsPermitKey.publicKey()]);
    assert.equal(kms.requests.get('GetPublicKey') ?? 0, before);
    assert.equal(again[0].keyId, kms.keyId);
  });

  it('the adapter sends what KMS needs: Sign of a DIGEST with ECDSA_SHA_256, both on the key of PERMIT_KEY_ID', async () => {
    sent.length = 0;
    await kmsPermitSigner.sign(digest);
    assert.deepEqual(sent, [
      {
        target: 'TrentService.Sign',
        body: { KeyId: kms.keyId, Message: digest.toString('base64'), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' },
      },
    ]);
  });
});

describe('the KMS operations', () => {
  it('GetPublicKey describes the key as KMS does', async () => {
    const answer = await client.send(new GetPublicKeyCommand({ KeyId: kms.keyId }));
    assert.equal(answer.KeyId, kms.keyId);
    assert.equal(answer.KeySpec, 'ECC_NIST_P256');
    assert.equal(answer.KeyUsage, 'SIGN_VERIFY');
    assert.deepEqual(answer.SigningAlgorithms, ['ECDSA_SHA_256']);
  });

  it('Verify agrees with node:crypto, and refuses a changed digest with KMSInvalidSignatureException', async () => {
    const { signature } = await kmsPermitSigner.sign(digest);
    const valid = await client.send(
      new VerifyCommand({
        KeyId: kms.keyId,
        Message: digest,
        MessageType: 'DIGEST',
        Signature: signature,
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    assert.equal(valid.SignatureValid, true);
    assert.equal(valid.KeyId, kms.keyId);
    const changed = Buffer.from(digest);
    changed[0] ^= 1;
    await assert.rejects(
      client.send(
        new VerifyCommand({
          KeyId: kms.keyId,
          Message: changed,
          MessageType: 'DIGEST',
          Signature: signature,
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
      { name: 'KMSInvalidSignatureException' },
    );
    // not a signature at all: refused the same way
    await assert.rejects(
      client.send(
        new VerifyCommand({
          KeyId: kms.keyId,
          Message: digest,
          MessageType: 'DIGEST',
          Signature: Buffer.from('nope'),
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
      { name: 'KMSInvalidSignatureException' },
    );
  });

  it('a RAW message (up to 4,096 bytes) is signed over its SHA-256: node:crypto and Verify accept it', async () => {
    const message = Buffer.from('a short permit');
    const signed = await client.send(
      new SignCommand({ KeyId: kms.keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    const publicKey = publicKeyOf((await kmsPermitKey.publicKey()).spki);
    assert.equal(verify('sha256', message, publicKey, signed.Signature!), true);
    const checked = await client.send(
      new VerifyCommand({ KeyId: kms.keyId, Message: message, Signature: signed.Signature, SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    assert.equal(checked.SignatureValid, true);
  });

  it('names the key by ARN, by id and by alias (name or ARN), and answers with its ARN', async () => {
    const id = kms.keyId.split('/').pop()!;
    for (const KeyId of [kms.keyId, id, PERMIT_KEY_ALIAS, `arn:aws:kms:${REGION}:000000000000:${PERMIT_KEY_ALIAS}`]) {
      const signed = await client.send(
        new SignCommand({ KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
      );
      assert.equal(signed.KeyId, kms.keyId, KeyId);
      assert.equal(signed.SigningAlgorithm, 'ECDSA_SHA_256');
    }
  });

  it('an unknown key or alias is NotFoundException', async () => {
    for (const KeyId of [`arn:aws:kms:${REGION}:000000000000:key/${randomUUID()}`, randomUUID(), 'alias/another-key']) {
      await assert.rejects(client.send(new GetPublicKeyCommand({ KeyId })), { name: 'NotFoundException' }, KeyId);
      await assert.rejects(
        client.send(new SignCommand({ KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })),
        { name: 'NotFoundException' },
        KeyId,
      );
    }
  });

  it('bad input is refused as KMS refuses it', async () => {
    const sign = (input: Partial<ConstructorParameters<typeof SignCommand>[0]>) =>
      client.send(
        new SignCommand({ KeyId: kms.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256', ...input }),
      );
    // a digest of the wrong length for SHA-256
    await assert.rejects(sign({ Message: digest.subarray(0, 31) }), { name: 'ValidationException' });
    await assert.rejects(sign({ Message: Buffer.concat([digest, Buffer.from([0])]) }), { name: 'ValidationException' });
    // not a signing algorithm at all
    await assert.rejects(sign({ SigningAlgorithm: 'SHA256' as never }), { name: 'ValidationException' });
    // a signing algorithm of KMS, but not one this key spec has
    await assert.rejects(sign({ SigningAlgorithm: 'ECDSA_SHA_384' }), { name: 'InvalidKeyUsageException' });
    await assert.rejects(sign({ SigningAlgorithm: 'RSASSA_PSS_SHA_256' }), { name: 'InvalidKeyUsageException' });
    // a RAW message longer than KMS signs whole
    await assert.rejects(sign({ MessageType: 'RAW', Message: document }), { name: 'ValidationException' });
    await assert.rejects(sign({ KeyId: undefined }), { name: 'ValidationException' });
    // an operation the stand-in does not offer
    await assert.rejects(client.send(new ListKeysCommand({})), { name: 'UnknownOperationException' });
  });
});

describe('the key and its file', () => {
  const spkiOf = async (stand: LocalKms) => {
    const c = new KMSClient(localClientConfig(stand.endpoint));
    try {
      return Buffer.from((await c.send(new GetPublicKeyCommand({ KeyId: PERMIT_KEY_ALIAS }))).PublicKey!);
    } finally {
      c.destroy();
    }
  };

  it('is kept in its file, readable by its owner alone', () => {
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  });

  it('survives a restart on the same file; another file, or none, holds another key', async () => {
    const first = await spkiOf(kms);
    const restarted = await startKms(REGION, keyFile);
    const other = await startKms(REGION, join(dir, 'other.json'));
    const inMemory = await startKms(REGION);
    try {
      assert.equal(restarted.keyId, kms.keyId);
      assert.deepEqual(await spkiOf(restarted), first);
      // what the first instance signed, the restarted one verifies
      const { signature } = await kmsPermitSigner.sign(digest);
      const c = new KMSClient(localClientConfig(restarted.endpoint));
      const checked = await c.send(
        new VerifyCommand({
          KeyId: kms.keyId,
          Message: digest,
          MessageType: 'DIGEST',
          Signature: signature,
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      c.destroy();
      assert.equal(checked.SignatureValid, true);
      for (const another of [other, inMemory]) {
        assert.notEqual(another.keyId, kms.keyId);
        assert.notDeepEqual(await spkiOf(another), first);
      }
      assert.equal(statSync(join(dir, 'other.json')).mode & 0o777, 0o600);
    } finally {
      await Promise.all([restarted.stop(), other.stop(), inMemory.stop()]);
    }
  });
});
