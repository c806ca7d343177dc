// The service catalogue: one partition, one item per service.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Service } from '#core/schemas.ts';
import { documents, requiredEnv } from './clients.ts';

const PK = 'CATALOGUE';
const sk = (code: string) => `SERVICE#${code}`;

export async function getService(code: string): Promise<Service | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK, SK: sk(code) } }));
  return Item?.service as Service | undefined;
}

export async function putService(service: Service): Promise<void> {
  await documents.send(
    new PutCommand({ TableName: requiredEnv('TABLE_NAME'), Item: { PK, SK: sk(service.code), kind: 'service', service } }),
  );
}

export async function listServices(): Promise<Service[]> {
  const services: Service[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: requiredEnv('TABLE_NAME'),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': PK },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) services.push(item.service as Service);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return services;
}
