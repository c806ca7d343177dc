// The service catalogue: one partition, one item per service, each with its version (one
// more on every write), which is what a client's `If-Match` names.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExpectedVersion } from '#app/ports.ts';
import { preconditionFailed } from '#core/errors.ts';
import type { Service } from '#core/schemas.ts';
import { documents, partition, requiredEnv } from './clients.ts';
import { keptFor } from './kept.ts';

const PK = 'CATALOGUE';
const sk = (code: string) => `SERVICE#${code}`;

export async function getService(code: string): Promise<Service | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK, SK: sk(code) } }));
  return Item && stored(Item);
}

/** A service as stored, with its version (0 for one written before versions were kept). */
const stored = (item: Record<string, unknown>): Service => ({
  ...(item.service as Service),
  version: (item.version as number | undefined) ?? 0,
});

export type { ExpectedVersion } from '#app/ports.ts';

/** Applications are checked against a service as read at most 30 s ago (per function instance). */
const published = keptFor(30_000, getService);

/** The service an application is checked against: read once per function instance and kept briefly. */
export const publishedService = (code: string) => published.get(code);

/**
 * Create or replace a service; the stored version goes up by one. With `expected`, the write
 * happens only if the service is as expected at that instant (one conditional write, so of
 * two writers expecting the same version exactly one succeeds); else PRECONDITION_FAILED.
 */
export async function putService(service: Omit<Service, 'version'>, expected?: ExpectedVersion): Promise<Service> {
  if (Array.isArray(expected) && expected.length === 0) throw preconditionFailed(`service ${service.code} is not at the version named`);
  const { version: _, ...body } = service as Service;
  const values: Record<string, unknown> = { ':s': body, ':k': 'service', ':one': 1 };
  let condition: string | undefined;
  if (expected === 'exists') condition = 'attribute_exists(PK)';
  else if (expected) {
    const named = expected.filter((v) => v > 0);
    for (const [i, v] of named.entries()) values[`:v${i}`] = v;
    condition = [
      ...(expected.includes(0) ? ['(attribute_exists(PK) AND attribute_not_exists(#v))'] : []),
      ...(named.length ? [`#v IN (${named.map((_, i) => `:v${i}`).join(', ')})`] : []),
    ].join(' OR ');
  }
  let saved: Service;
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: requiredEnv('TABLE_NAME'),
        Key: { PK, SK: sk(service.code) },
        UpdateExpression: 'SET #s = :s, #k = :k ADD #v :one',
        ...(condition ? { ConditionExpression: condition } : {}),
        ExpressionAttributeNames: { '#s': 'service', '#k': 'kind', '#v': 'version' },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    saved = stored(Attributes!);
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException)
      throw preconditionFailed(
        expected === 'exists'
          ? `service ${service.code} does not exist`
          : `service ${service.code} has changed since the version named; read it again`,
      );
    throw err;
  }
  published.set(service.code, saved);
  return saved;
}

export async function listServices(): Promise<Service[]> {
  const services: Service[] = [];
  for await (const item of partition(PK)) services.push(stored(item));
  return services;
}
