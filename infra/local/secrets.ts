// A Secrets Manager stand-in: answers GetSecretValue (the one call the functions make) for the
// secrets the stack would generate, created once per data directory (or per run in memory),
// so the functions read them through the same SDK call as in AWS.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

export interface LocalSecrets {
  endpoint: string;
  /** Secret names by what they are for. */
  names: { cursorKey: string };
  stop(): Promise<void>;
}

const CURSOR_KEY_NAME = 'one-stop/cursor-key';

export async function startSecrets(region: string, file?: string): Promise<LocalSecrets> {
  const stored: Record<string, string> = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!stored[CURSOR_KEY_NAME]) {
    stored[CURSOR_KEY_NAME] = randomBytes(48).toString('base64url');
    if (file) writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  const arn = (name: string) => `arn:aws:secretsmanager:${region}:000000000000:secret:${name}`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      let input: { SecretId?: string } = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return answer(400, { __type: 'SerializationException', message: 'the body is not JSON' });
      }
      if (target !== 'secretsmanager.GetSecretValue')
        return answer(400, { __type: 'UnknownOperationException', message: `${target} is not supported here` });
      const name = Object.keys(stored).find((n) => input.SecretId === n || input.SecretId === arn(n));
      if (!name) return answer(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      answer(200, {
        ARN: arn(name),
        Name: name,
        SecretString: stored[name],
        VersionId: 'local-1',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', () => resolveListen()));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    names: { cursorKey: CURSOR_KEY_NAME },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
