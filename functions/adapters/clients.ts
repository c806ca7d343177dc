// SDK clients, created once per module instance. Endpoints and credentials come from the
// environment (AWS_ENDPOINT_URL_* locally), never from code.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';

export const dynamodb = new DynamoDBClient({});
export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
});
export const stepFunctions = new SFNClient({});

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** An item as the document client reads it: attribute values of any shape. */
export type Item = Record<string, NativeAttributeValue>;

/** Every item a query matches, page after page. */
export async function* queryAll(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): AsyncGenerator<Item> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Every item of one partition of the table (optionally a consistent read, or only some attributes). */
export const partition = (pk: string, options: Pick<QueryCommandInput, 'ConsistentRead' | 'ProjectionExpression'> = {}) =>
  queryAll({
    TableName: requiredEnv('TABLE_NAME'),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ...options,
  });
