// Notification plumbing in the table: the department directory (who receives a
// department's mail), and the outbox a non-sending channel writes to.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DepartmentContacts, OutboxEntry } from '#app/ports.ts';
import { documents, partition, requiredEnv } from './clients.ts';
import { keptFor } from './kept.ts';

export type { DepartmentContacts, OutboxEntry } from '#app/ports.ts';

export async function getContacts(code: string): Promise<DepartmentContacts | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK: 'DIRECTORY', SK: `DEPT#${code}` } }),
  );
  return Item?.contacts as DepartmentContacts | undefined;
}

/** A department's contacts as read at most a minute ago (per process instance): new contacts apply within a minute. */
const known = keptFor(60_000, getContacts);
export const knownContacts = (code: string) => known.get(code);

export async function putContacts(contacts: DepartmentContacts): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: requiredEnv('TABLE_NAME'),
      Item: { PK: 'DIRECTORY', SK: `DEPT#${contacts.code}`, kind: 'contacts', contacts },
    }),
  );
  known.set(contacts.code, contacts);
}

/** Write once per notification id: a redelivery finds it there and does nothing. */
export async function writeOutbox(entry: OutboxEntry): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName: requiredEnv('TABLE_NAME'),
        Item: { PK: 'OUTBOX', SK: `MSG#${entry.id}`, kind: 'outbox', entry },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** The local outbox, newest first (a local development aid: it reads the whole outbox). */
export async function readOutbox(): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  for await (const item of partition('OUTBOX')) entries.push(item.entry as OutboxEntry);
  return entries.sort((a, b) => b.deliveredAt.localeCompare(a.deliveredAt));
}
