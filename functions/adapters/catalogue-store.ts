// The service catalogue: one partition, one item per service.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Service } from '#core/schemas.ts';
import { documents, queryAll, requiredEnv } from './clients.ts';

const PK = 'CATALOGUE';
const sk = (code: string) => `SERVICE#${code}`;

export async function getService(code: string): Promise<Service | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK, SK: sk(code) } }));
  return Item?.service as Service | undefined;
}

/** Applications are checked against a service as read at most this long ago (per process instance). */
export const SERVICE_CACHE_MS = 30_000;
const cache = new Map<string, { at: number; service: Promise<Service | undefined> }>();

/** The service an application is checked against: read once per process instance and kept briefly. */
export function publishedService(code: string): Promise<Service | undefined> {
  const hit = cache.get(code);
  if (hit && Date.now() - hit.at <= SERVICE_CACHE_MS) return hit.service;
  const service = getService(code);
  cache.set(code, { at: Date.now(), service });
  service.catch(() => cache.delete(code));
  return service;
}

export async function putService(service: Service): Promise<void> {
  await documents.send(
    new PutCommand({ TableName: requiredEnv('TABLE_NAME'), Item: { PK, SK: sk(service.code), kind: 'service', service } }),
  );
  cache.set(service.code, { at: Date.now(), service: Promise.resolve(service) });
}

export async function listServices(): Promise<Service[]> {
  const services: Service[] = [];
  for await (const item of queryAll({
    TableName: requiredEnv('TABLE_NAME'),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': PK },
  }))
    services.push(item.service as Service);
  return services;
}
