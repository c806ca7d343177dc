// Cases in the single table: the DynamoDB adapter of the CaseStore port
// (functions/core/case-store.ts). One query reads a case with its reviews and timeline;
// every change commits in one transaction holding the items it rewrites at the versions it
// read (planCommit), so a review is settled exactly once whoever races to settle it.
import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { commitRetries } from '#app/mutate.ts';
import { inOrder } from '#core/audit.ts';
import type { Calendar } from '#core/calendar.ts';
import type { CaseAggregate, CaseChange, CaseRecord, ReviewRecord, TimelineEvent } from '#core/case/model.ts';
import type { ArmedTask } from '#core/case/workflow.ts';
import { type CaseStore, planCommit, VersionConflict } from '#core/case-store.ts';
import { notFound } from '#core/errors.ts';
import type { PermitRecord } from '#core/permit.ts';
import { DEFAULT_WATCHDOG, eraseAt, type WatchdogSettings } from '#core/watchdog.ts';
import { currentCalendar } from './calendar-store.ts';
import { caseItem, caseKey, casePk, eventItem, permitItem, permitKey, reviewItem, reviewKey, statsKey, strip } from './case-keys.ts';
import { documents, partition, requiredEnv } from './clients.ts';
import { count } from './powertools.ts';
import { type TransactItem, writeIfUnchanged } from './transact.ts';

export { commitRetries };
export { VersionConflict } from '#core/case-store.ts';

const tableName = () => requiredEnv('TABLE_NAME');

export async function loadCase(caseId: string): Promise<CaseAggregate | undefined> {
  let record: CaseRecord | undefined;
  const reviews: ReviewRecord[] = [];
  const timeline: TimelineEvent[] = [];
  for await (const item of partition(casePk(caseId), { ConsistentRead: true })) {
    if (item.kind === 'case') record = strip(item);
    else if (item.kind === 'review') reviews.push(strip(item));
    else if (item.kind === 'event') timeline.push(strip(item));
  }
  return record && { record, reviews, timeline: inOrder(timeline) };
}

/** The case item alone, without its reviews and timeline. */
export async function getCaseRecord(caseId: string): Promise<CaseRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: caseKey(caseId), ConsistentRead: true }));
  return Item && strip<CaseRecord>(Item);
}

/** A permit by its number. */
export async function getPermit(number: string): Promise<PermitRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: permitKey(number), ConsistentRead: true }));
  return Item && strip<PermitRecord>(Item);
}

/**
 * Commit a change made on `before` (undefined for a new case), in one transaction holding
 * what it rewrites at the versions it read (planCommit). Fails with VersionConflict when an
 * item it read changed meanwhile.
 */
export async function commitChange(before: CaseAggregate | undefined, change: CaseChange, calendar: Calendar): Promise<CaseAggregate> {
  const settings = watchdogSettings();
  const plan = planCommit(before, change, calendar, settings);
  const { record, expected } = plan;
  const TableName = tableName();
  const items: TransactItem[] = [
    ...(plan.caseLevel
      ? [
          {
            Put: {
              TableName,
              Item: caseItem(record, plan.alerts.case, expiresAt(record, settings)),
              ...(expected === undefined
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expected } }),
            },
          },
        ]
      : []),
    ...plan.written.map(({ review, read }) => ({
      Put: { TableName, Item: reviewItem(review, plan.alerts.reviews.get(review.department)), ...asRead(read) },
    })),
    ...plan.events.map((e) => ({
      Put: { TableName, Item: eventItem(record, e), ConditionExpression: 'attribute_not_exists(PK)' },
    })),
    ...(plan.permit
      ? [
          {
            Put: {
              TableName,
              Item: permitItem(plan.permit),
              ...(plan.permit.version === 0
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': plan.permit.version - 1 } }),
            },
          },
        ]
      : []),
    // the statistics move with the change that makes them: counted exactly once
    ...plan.stats.map((d) => {
      const names = Object.keys(d.add);
      return {
        Update: {
          TableName,
          Key: statsKey(record.caseId, d.period, d.scope, d.key),
          UpdateExpression: `ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((k, i) => [`#n${i}`, k])),
          ExpressionAttributeValues: Object.fromEntries(names.map((k, i) => [`:v${i}`, d.add[k]])),
        },
      };
    }),
  ];
  await writeIfUnchanged(items, () => new VersionConflict(record.caseId));
  return plan.after;
}

/**
 * The table's TTL on the case item (epoch seconds), a month after the watchdog erases the
 * case: should erasure not have run by then, DynamoDB deletes the item that holds the
 * applicant's identity itself.
 */
const TTL_AFTER_ERASURE_MS = 30 * 86_400_000;
const expiresAt = (record: CaseRecord, settings: WatchdogSettings) => {
  const at = eraseAt(record, settings);
  return at === undefined ? undefined : Math.floor((at + TTL_AFTER_ERASURE_MS) / 1000);
};

/**
 * A review is written only as it was read: at its revision, and with the arming it read
 * still the newest (a task token is recorded by one conditional update of the review item
 * alone, recordTaskToken), so neither another change nor a token recorded meanwhile is lost:
 * the change is decided again on the review as it now is.
 */
function asRead(review: ReviewRecord | undefined) {
  if (!review) return { ConditionExpression: 'attribute_not_exists(PK)' };
  const values: Record<string, unknown> = {};
  let revision = 'attribute_not_exists(rev)';
  if (review.rev !== undefined) {
    values[':rev'] = review.rev;
    revision = 'rev = :rev';
  }
  let arming = 'attribute_not_exists(dispatchedAt)';
  if (review.dispatchedAt) {
    values[':armed'] = review.dispatchedAt;
    arming = 'dispatchedAt = :armed';
  }
  return { ConditionExpression: `${revision} AND ${arming}`, ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}) };
}

/**
 * Delete every item of the case's partition (the case, its reviews, its timeline), 25 to a
 * request; the statistics it counted live elsewhere and stay. Deleting what is already gone
 * is no error, so an erasure interrupted half-way is finished by the next.
 */
export async function eraseCase(caseId: string): Promise<void> {
  const TableName = tableName();
  const keys: Record<string, unknown>[] = [];
  for await (const item of partition(casePk(caseId), { ProjectionExpression: 'PK, SK' })) keys.push({ PK: item.PK, SK: item.SK });
  // the case item last: while it is there the watchdog still finds the case to finish
  keys.sort((a, b) => Number(a.SK === caseKey(caseId).SK) - Number(b.SK === caseKey(caseId).SK));
  for (let i = 0; i < keys.length; i += 25) {
    let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length; attempt++) {
      const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } }));
      requests = (UnprocessedItems?.[TableName] ?? []) as typeof requests;
      if (requests.length) await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt)));
    }
  }
}

/** The DynamoDB adapter of the CaseStore port. */
export const dynamoCaseStore: CaseStore = { load: loadCase, commit: commitChange, erase: eraseCase };

/** Changes to cases in the table, made with the calendar this instance keeps. */
export const tableCases = {
  store: dynamoCaseStore,
  calendar: currentCalendar,
  now: () => new Date(),
  retried: () => count('CommitRetries'),
};

/**
 * Record the callback task the workflow armed for a review, in one conditional update of
 * the review item: the newest arming wins (see recordDispatch). Returns the review as it
 * now is, or undefined when a newer arming was already recorded.
 */
export async function recordTaskToken(caseId: string, department: string, task: ArmedTask): Promise<ReviewRecord | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { Attributes } = await documents.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: reviewKey(caseId, department),
          UpdateExpression: 'SET taskToken = :token, dispatchedAt = :at, armedFor = :for',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(dispatchedAt) OR dispatchedAt <= :at)',
          ExpressionAttributeValues: { ':token': task.taskToken, ':at': task.dispatchedAt, ':for': task.armedFor },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return strip<ReviewRecord>(Attributes!);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) {
        if (!err.Item) throw notFound(`review by ${department} on case ${caseId}`);
        return undefined;
      }
      // a transaction settling this review holds it for a moment: try again
      if (err instanceof TransactionConflictException && attempt < 6) {
        await new Promise((r) => setTimeout(r, 10 * attempt));
        continue;
      }
      throw err;
    }
  }
}

/** The arming of review tasks in the table. */
export const tableArming = { arm: recordTaskToken, record: getCaseRecord };

/** The watchdog's settings: grace after a due time, the wait before a re-drive, a case's retention (days, fractions allowed). */
export function watchdogSettings(): WatchdogSettings {
  const seconds = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v * 1000 : fallback;
  };
  const days = Number(process.env.CASE_RETENTION_DAYS);
  return {
    graceMs: seconds('WATCHDOG_GRACE_SECONDS', DEFAULT_WATCHDOG.graceMs),
    redriveAfterMs: seconds('WATCHDOG_REDRIVE_SECONDS', DEFAULT_WATCHDOG.redriveAfterMs),
    retentionMs: Number.isFinite(days) && days > 0 ? days * 86_400_000 : DEFAULT_WATCHDOG.retentionMs,
  };
}
