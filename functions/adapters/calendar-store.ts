// The working-day calendar: the current one, and every version kept, so a case's due dates
// can always be traced to the calendar they were computed with.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { defaultCalendar, type Calendar } from '#core/calendar.ts';
import { conflict, preconditionFailed } from '#core/errors.ts';
import { documents, requiredEnv } from './clients.ts';
import { keptFor } from './kept.ts';
import { writeIfUnchanged } from './transact.ts';

const PK = 'CALENDAR';
const versionSk = (version: number) => `VERSION#${String(version).padStart(6, '0')}`;

/** How long a function instance keeps the current calendar: CALENDAR_KEPT_SECONDS, default 10. */
export function calendarKeptMs(): number {
  const seconds = Number(process.env.CALENDAR_KEPT_SECONDS);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : 10) * 1000;
}

const kept = keptFor(calendarKeptMs(), () => getCalendar());

/**
 * The current calendar, read once per function instance and kept for calendarKeptMs(). A
 * due date another instance computes in that window after a change is computed with the
 * calendar it kept; the change re-dates open reviews once the window has passed
 * (functions/handlers/calendar-change.ts), so every due date ends up on the new calendar.
 */
export const currentCalendar = () => kept.get('CURRENT');

/** This instance knows of a newer calendar: read it again. */
export const forgetCalendar = () => kept.forget('CURRENT');

export async function getCalendar(version?: number): Promise<Calendar> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK, SK: version === undefined ? 'CURRENT' : versionSk(version) } }),
  );
  return (Item?.calendar as Calendar | undefined) ?? defaultCalendar;
}

/**
 * Save a new version made from `current`, written only if the stored calendar is still at
 * `current.version`. If someone saved one meanwhile: 409, or 412 when the client named the
 * version it read (`If-Match`), since that is its precondition failing.
 */
export async function saveCalendar(
  current: Calendar,
  next: Omit<Calendar, 'version' | 'updatedAt'>,
  refusal: 'conflict' | 'precondition' = 'conflict',
): Promise<Calendar> {
  const saved: Calendar = { ...next, version: current.version + 1, updatedAt: new Date().toISOString() };
  const TableName = requiredEnv('TABLE_NAME');
  await writeIfUnchanged(
    [
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
    () => {
      forgetCalendar();
      return refusal === 'precondition'
        ? preconditionFailed(`the calendar is no longer at version ${current.version}; read it again`)
        : conflict('the calendar changed meanwhile; read it again and retry');
    },
  );
  kept.set('CURRENT', saved);
  return saved;
}
