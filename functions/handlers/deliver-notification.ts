// Notification queue consumer: resolve the recipient's addresses and deliver through the
// configured channel, once per notification id.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { channel } from '#adapters/channels.ts';
import { documents, requiredEnv } from '#adapters/clients.ts';
import { getContacts } from '#adapters/notification-store.ts';
import type { Notification } from '#core/notifications.ts';

async function addresses(n: Notification): Promise<string[]> {
  if (n.recipient.kind === 'applicant') {
    const { Item } = await documents.send(new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK: `CASE#${n.caseId}`, SK: 'CASE' } }));
    const email = Item?.applicant?.email as string | undefined;
    return email ? [email] : [];
  }
  const contacts = await getContacts(n.recipient.department);
  return (n.recipient.kind === 'department' ? contacts?.emails : contacts?.adminEmails) ?? [];
}

const config = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 7 * 24 * 3600 });
const deliverOnce = makeIdempotent(
  async (n: Notification) => {
    await channel().deliver(n, await addresses(n));
    return { delivered: n.id };
  },
  {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requiredEnv('TABLE_NAME'), keyAttr: 'PK', sortKeyAttr: 'SK', staticPkValue: 'IDEMPOTENCY' }),
    config,
  },
);

const processor = new BatchProcessor(EventType.SQS);

export const handler = async (event: SQSEvent, context: Context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, (record: SQSRecord) => deliverOnce(JSON.parse(record.body) as Notification), processor, { context });
};
