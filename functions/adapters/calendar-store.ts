// The working-day calendar: the current one, and every version kept, so a case's due dates
// can always be traced to the calendar they were computed with.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { defaultCalendar, type Calendar } from '#core/calendar.ts';
import { conflict } from '#core/errors.ts';
import { documents, requiredEnv } from './clients.ts';
import { keptFor } from './kept.ts';

const PK = 'CALENDAR';
const versionSk = (version: number) => `VERSION#${String(version).padStart(6, '0')}`;

/** The current calendar as read at most a minute ago (per function instance). */
const kept = keptFor(60_000, () => getCalendar());

/**
 * The current calendar, read once per process instance and kept a minute. A change computed
 * with it is committed only if it is still the current version (commitChange checks it in
 * the same transaction), so a due date is never computed with a stale calendar.
 */
export const currentCalendar = () => kept.get('CURRENT');

/** A commit found a newer calendar: read it again. */
export const forgetCalendar = () => kept.forget('CURRENT');

/** The transaction item that holds a change to the calendar version it was computed with. */
export function calendarIsCurrent(calendar: Calendar) {
  return {
    ConditionCheck: {
      TableName: requiredEnv('TABLE_NAME'),
      Key: { PK, SK: 'CURRENT' },
      ...(calendar.version === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'version = :calendarVersion', ExpressionAttributeValues: { ':calendarVersion': calendar.version } }),
    },
  };
}

export async function getCalendar(version?: number): Promise<Calendar> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK, SK: version === undefined ? 'CURRENT' : versionSk(version) } }),
  );
  return (Item?.calendar as Calendar | undefined) ?? defaultCalendar;
}

/** Save a new version made from `current`; fails with 409 if someone saved one meanwhile. */
export async function saveCalendar(current: Calendar, next: Omit<Calendar, 'version' | 'updatedAt'>): Promise<Calendar> {
  const saved: Calendar = { ...next, version: current.version + 1, updatedAt: new Date().toISOString() };
  const TableName = requiredEnv('TABLE_NAME');
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName,
              Item: { PK, SK: 'CURRENT', kind: 'calendar', version: saved.version, calendar: saved },
              ...(current.version === 0
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': current.version } }),
            },
          },
          { Put: { TableName, Item: { PK, SK: versionSk(saved.version), kind: 'calendar', calendar: saved } } },
        ],
      }),
    );
  } catch (err) {
    if (err instanceof TransactionCanceledException) {
      forgetCalendar();
      throw conflict('the calendar changed meanwhile; read it again and retry');
    }
    throw err;
  }
  kept.set('CURRENT', saved);
  return saved;
}
