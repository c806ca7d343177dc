// The service catalogue: one partition, one item per service.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Service } from '#core/schemas.ts';
import { documents, queryAll, requiredEnv } from './clients.ts';
import { keptFor } from './kept.ts';

const PK = 'CATALOGUE';
const sk = (code: string) => `SERVICE#${code}`;

export async function getService(code: string): Promise<Service | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK, SK: sk(code) } }));
  return Item?.service as Service | undefined;
}

/** Applications are checked against a service as read at most 30 s ago (per function instance). */
const published = keptFor(30_000, getService);

/** The service an application is checked against: read once per function instance and kept briefly. */
export const publishedService = (code: string) => published.get(code);

export async function putService(service: Service): Promise<void> {
  await documents.send(
    new PutCommand({ TableName: requiredEnv('TABLE_NAME'), Item: { PK, SK: sk(service.code), kind: 'service', service } }),
  );
  published.set(service.code, service);
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
