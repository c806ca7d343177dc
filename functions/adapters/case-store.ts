// Cases in the single table. One query reads a case with its reviews and timeline; every
// change commits in one transaction conditioned on the case version (optimistic lock), so a
// review is settled exactly once whoever races to settle it.
import { ConditionalCheckFailedException, TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '#core/errors.ts';
import { caseFacts, notifies } from '#core/notifications.ts';
import { appendEvents, inOrder } from '#core/audit.ts';
import type { Calendar } from '#core/calendar.ts';
import { statDeltas } from '#core/stats.ts';
import { alertIndex, DEFAULT_WATCHDOG, type WatchdogSettings } from '#core/watchdog.ts';
import { currentCalendar } from './calendar-store.ts';
import {
  concludeCase,
  isSettled,
  outcomeOf,
  type ArmedTask,
  type CaseAggregate,
  type CaseChange,
  type CaseRecord,
  type ReviewRecord,
  type TimelineEvent,
} from '#core/case.ts';
import type { CaseStatus, ReviewStatus } from '#core/schemas.ts';
import type { CaseListing, ReviewListing } from '#core/views.ts';
import { documents, queryAll, requiredEnv } from './clients.ts';
import { count } from './powertools.ts';
import { allShards, queryAllShards, queryShards, shardOf, type Page } from './shards.ts';
import { table } from '#infra/manifest.ts';

export type { Page } from './shards.ts';
const SHARDS = table.shards;

const tableName = () => requiredEnv('TABLE_NAME');
const casePk = (caseId: string) => `CASE#${caseId}`;
const CASE_SK = 'CASE';
const reviewSk = (department: string) => `REVIEW#${department}`;
/** Events of the case's own chain, then each review's chain, each in order. */
const eventSk = (e: Pick<TimelineEvent, 'seq' | 'department'>) =>
  `EVT#${e.department ? `R#${e.department}` : 'C'}#${String(e.seq).padStart(8, '0')}`;

// Keys many items share are write-sharded by case (./shards.ts, infra/manifest.ts).
const casesPk = (shard: number) => `CASES#${shard}`;
const openPk = (shard: number) => `OPEN#${shard}`;
const alertPk = (shard: number) => `ALERT#${shard}`;
const departmentPk = (department: string, status: ReviewStatus, shard: number) => `DEPT#${department}#${status}#${shard}`;
const statsPk = (period: string, shard: number) => `STATS#${period}#${shard}`;

/** Sparse index of the watchdog: an item is in it while it has a next instant to be looked at. */
const alertKeys = (at: string | undefined, caseId: string, department = '-') =>
  at ? { GSI3PK: alertPk(shardOf(caseId, SHARDS.alerts)), GSI3SK: `${at}#${caseId}#${department}` } : {};

const caseItem = (c: CaseRecord, alertAt?: string) => ({
  PK: casePk(c.caseId),
  SK: CASE_SK,
  kind: 'case',
  ...c,
  // listed in the case lists (the indexes carry only what a list shows)
  applicantName: c.applicant.name,
  GSI1PK: `APPLICANT#${c.applicantSub}`,
  GSI1SK: `${c.submittedAt}#${c.caseId}`,
  GSI2PK: casesPk(shardOf(c.caseId, SHARDS.cases)),
  GSI2SK: `${c.submittedAt}#${c.caseId}`,
  ...alertKeys(alertAt, c.caseId),
});

const reviewItem = (r: ReviewRecord, alertAt?: string) => ({
  PK: casePk(r.caseId),
  SK: reviewSk(r.department),
  kind: 'review',
  ...r,
  GSI1PK: departmentPk(r.department, r.status, shardOf(r.caseId, SHARDS.departmentList)),
  GSI1SK: `${r.dueBy}#${r.caseId}`,
  // Sparse: only reviews whose clock runs are in the index of open reviews by due time.
  ...(r.status === 'PENDING'
    ? { GSI2PK: openPk(shardOf(r.caseId, SHARDS.openReviews)), GSI2SK: `${r.dueBy}#${r.caseId}#${r.department}` }
    : {}),
  ...alertKeys(alertAt, r.caseId, r.department),
});

/** An event that notifies carries what its notifications say of the case: the publisher reads nothing else. */
const eventItem = (record: CaseRecord, e: TimelineEvent) => ({
  PK: casePk(record.caseId),
  SK: eventSk(e),
  kind: 'event',
  ...e,
  ...(notifies(e.type) ? { facts: caseFacts(record) } : {}),
});

function strip<T>(item: Record<string, unknown>): T {
  const { PK, SK, kind, GSI1PK, GSI1SK, GSI2PK, GSI2SK, GSI3PK, GSI3SK, facts, ...rest } = item;
  // the case item carries applicantName for its listings only; a review keeps its own (its
  // department's work list shows it, also once the review is settled and rewritten)
  if (kind === 'case') delete rest.applicantName;
  return rest as T;
}

export async function loadCase(caseId: string): Promise<CaseAggregate | undefined> {
  let record: CaseRecord | undefined;
  const reviews: ReviewRecord[] = [];
  const timeline: TimelineEvent[] = [];
  for await (const item of queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': casePk(caseId) },
    ConsistentRead: true,
  })) {
    if (item.kind === 'case') record = strip(item);
    else if (item.kind === 'review') reviews.push(strip(item));
    else if (item.kind === 'event') timeline.push(strip(item));
  }
  return record && { record, reviews, timeline: inOrder(timeline) };
}

/** The case item alone, without its reviews and timeline. */
export async function getCaseRecord(caseId: string): Promise<CaseRecord | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: { PK: casePk(caseId), SK: CASE_SK }, ConsistentRead: true }),
  );
  return Item && strip<CaseRecord>(Item);
}

export class VersionConflict extends Error {
  constructor(caseId: string) {
    super(`case ${caseId} changed while this change was being made`);
    this.name = 'VersionConflict';
  }
}

/**
 * Commit a change made on `before` (undefined for a new case), in one transaction. The items
 * it rewrites are held at the versions it read: the case item only when the case itself
 * changes (its record, or an event of the case's own chain), each review it touches at its
 * revision and arming. So changes to different reviews of one case do not contend; a
 * change that decides or ends the case rewrites every open review and so comes after any
 * settlement of them. Fails with VersionConflict when an item it read changed meanwhile.
 */
export async function commitChange(before: CaseAggregate | undefined, change: CaseChange, calendar: Calendar): Promise<CaseAggregate> {
  const expected = before?.record.version;
  const caseLevel = !before || change.record !== before.record || change.events.some((e) => !e.department);
  const record = caseLevel ? { ...change.record, version: (expected ?? -1) + 1 } : before.record;
  const events = appendEvents(record.caseId, before?.timeline ?? [], change.events);
  const previous = new Map(before?.reviews.map((r) => [r.department, r]));
  const written = change.reviews.map((r) => ({ ...r, rev: (previous.get(r.department)?.rev ?? -1) + 1 }));
  const changed = new Map(written.map((r) => [r.department, r]));
  const reviews = [
    ...(before?.reviews.map((r) => changed.get(r.department) ?? r) ?? []),
    ...written.filter((r) => !previous.has(r.department)),
  ];
  const alerts = alertIndex({ record, reviews }, calendar, watchdogSettings());
  const stats = statDeltas(record, events, calendar);
  const TableName = tableName();
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          ...(caseLevel
            ? [
                {
                  Put: {
                    TableName,
                    Item: caseItem(record, alerts.case),
                    ...(expected === undefined
                      ? { ConditionExpression: 'attribute_not_exists(PK)' }
                      : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expected } }),
                  },
                },
              ]
            : []),
          ...written.map((r) => ({
            Put: { TableName, Item: reviewItem(r, alerts.reviews.get(r.department)), ...asRead(previous.get(r.department)) },
          })),
          ...events.map((e) => ({
            Put: { TableName, Item: eventItem(record, e), ConditionExpression: 'attribute_not_exists(PK)' },
          })),
          // the statistics move with the change that makes them: counted exactly once
          ...stats.map((d) => {
            const names = Object.keys(d.add);
            return {
              Update: {
                TableName,
                Key: { PK: statsPk(d.period, shardOf(record.caseId, SHARDS.stats)), SK: `${d.scope}#${d.key}` },
                UpdateExpression: `ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
                ExpressionAttributeNames: Object.fromEntries(names.map((k, i) => [`#n${i}`, k])),
                ExpressionAttributeValues: Object.fromEntries(names.map((k, i) => [`:v${i}`, d.add[k]])),
              },
            };
          }),
        ],
      }),
    );
  } catch (err) {
    if (err instanceof TransactionCanceledException) {
      const reasons = err.CancellationReasons ?? [];
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict'))
        throw new VersionConflict(record.caseId);
    }
    throw err;
  }
  return { record, reviews, timeline: inOrder([...(before?.timeline ?? []), ...events]) };
}

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
          Key: { PK: casePk(caseId), SK: reviewSk(department) },
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

/** Changes decided again because what they read had changed meanwhile (this process instance). */
export const commitRetries = { count: 0 };

/**
 * Read the case (or start from `read`, the case as just read), let `decide` compute a change
 * from it with the current calendar, commit; on a version conflict read again and decide
 * again. `decide` is pure, so running it again is safe.
 */
export async function mutateCase<T>(
  caseId: string,
  decide: (
    agg: CaseAggregate | undefined,
    calendar: Calendar,
  ) => { change: CaseChange | null; result: (after: CaseAggregate | undefined, change: CaseChange | null) => T },
  options: { read?: CaseAggregate; attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 12;
  let read = options.read;
  for (let attempt = 1; ; attempt++) {
    const [before, calendar] = await Promise.all([read ?? loadCase(caseId), currentCalendar()]);
    read = undefined;
    const { change, result } = decide(before, calendar);
    if (!change) return result(before, null);
    try {
      const after = await commitChange(before, change, calendar);
      const concluded =
        before && settlesAReview(before, change) && after.record.status === 'IN_REVIEW'
          ? await concludeIfDecided(
              caseId,
              change.reviews.map((r) => r.department),
            )
          : undefined;
      if (concluded)
        return result(concluded.after, {
          ...concluded.change,
          reviews: [...change.reviews, ...concluded.change.reviews],
          events: [...change.events, ...concluded.change.events],
        });
      return result(after, change);
    } catch (err) {
      if (!(err instanceof VersionConflict) || attempt >= attempts) throw err;
      commitRetries.count += 1;
      count('CommitRetries');
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

const listKeys = (index: string) => ['PK', 'SK', `${index}PK`, `${index}SK`];

/** An applicant's cases (one partition), or every case (admins; merged from the shards), newest first. */
export function listCases(
  by: { applicantSub: string } | { all: true },
  opts: { status?: CaseStatus; limit: number; cursor?: string },
): Promise<Page<CaseListing>> {
  const [index, partitionKeys] = 'all' in by ? ['GSI2', allShards(SHARDS.cases).map(casesPk)] : ['GSI1', [`APPLICANT#${by.applicantSub}`]];
  return queryShards<CaseListing>(
    tableName(),
    {
      index,
      keyAttributes: listKeys(index),
      sortKey: `${index}SK`,
      partitionKeys,
      ascending: false,
      filter: opts.status
        ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': opts.status } }
        : undefined,
    },
    opts.limit,
    opts.cursor,
  );
}

/** A department's reviews in one status, earliest due first, merged from the shards. */
export function listReviews(
  department: string,
  status: ReviewStatus,
  opts: { limit: number; cursor?: string },
): Promise<Page<ReviewListing>> {
  return queryShards<ReviewListing>(
    tableName(),
    {
      index: 'GSI1',
      keyAttributes: listKeys('GSI1'),
      sortKey: 'GSI1SK',
      partitionKeys: allShards(SHARDS.departmentList).map((s) => departmentPk(department, status, s)),
      ascending: true,
    },
    opts.limit,
    opts.cursor,
  );
}

/** Whether a change settles a review that was open. */
function settlesAReview(before: CaseAggregate | undefined, change: CaseChange) {
  return change.reviews.some((r) => isSettled(r) && !before?.reviews.some((b) => b.department === r.department && isSettled(b)));
}

/**
 * After a settlement that left the case open as it read it: other reviews may have been
 * settled meanwhile, each seeing this one open. Whoever finds the outcome known concludes
 * the case, once: the conclusion holds the case at its version. When several settle at
 * one instant (reviews falling due together), the one decided last concludes at once from
 * what it has just read, and the others give it a moment before they look again, so they
 * do not race to conclude.
 */
async function concludeIfDecided(caseId: string, settled: string[]): Promise<{ after: CaseAggregate; change: CaseChange } | undefined> {
  const agg = await loadCase(caseId);
  if (agg?.record.status !== 'IN_REVIEW' || !outcomeOf(agg.reviews)) return undefined;
  const lastFirst = [...agg.reviews].sort(
    (a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || a.department.localeCompare(b.department),
  );
  const rank = Math.max(
    0,
    lastFirst.findIndex((r) => settled.includes(r.department)),
  );
  if (rank > 0) await new Promise((r) => setTimeout(r, rank * 300));
  return mutateCase(
    caseId,
    (current) => {
      const change = current ? concludeCase(current, new Date()) : null;
      return { change, result: (after, made) => (after && made ? { after, change: made } : undefined) };
    },
    // the one decided last concludes from what it has just read; the others read again
    rank === 0 ? { read: agg } : {},
  );
}

export interface OpenReview {
  caseId: string;
  department: string;
  dueBy: string;
}

/** Reviews whose clock runs, due from `dueFrom` on (all without it), from the sparse index of open reviews. */
export async function* openReviews(dueFrom?: string): AsyncGenerator<OpenReview> {
  yield* queryAllShards(
    {
      TableName: tableName(),
      IndexName: 'GSI2',
      KeyConditionExpression: `GSI2PK = :pk${dueFrom ? ' AND GSI2SK >= :from' : ''}`,
      ExpressionAttributeValues: dueFrom ? { ':from': dueFrom } : {},
      ProjectionExpression: 'caseId, department, dueBy',
    },
    allShards(SHARDS.openReviews).map(openPk),
  ) as AsyncGenerator<OpenReview>;
}

/** The watchdog's settings: grace after a due time, and the wait before a re-drive. */
export function watchdogSettings(): WatchdogSettings {
  const seconds = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v * 1000 : fallback;
  };
  return {
    graceMs: seconds('WATCHDOG_GRACE_SECONDS', DEFAULT_WATCHDOG.graceMs),
    redriveAfterMs: seconds('WATCHDOG_REDRIVE_SECONDS', DEFAULT_WATCHDOG.redriveAfterMs),
  };
}

/** Cases with an item the watchdog must look at by `now`, read from its sparse index (keys only). */
export async function* casesDue(now: Date): AsyncGenerator<string> {
  for await (const item of queryAllShards(
    {
      TableName: tableName(),
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK <= :now',
      ExpressionAttributeValues: { ':now': `${now.toISOString()}~` },
    },
    allShards(SHARDS.alerts).map(alertPk),
  ))
    yield String(item.PK).replace(/^CASE#/, '');
}

/** The counters of one month, by scope (every department's, or every service's), summed over the shards. */
export async function statsOf(period: string, scope: 'DEPT' | 'SERVICE'): Promise<{ key: string; counters: Record<string, number> }[]> {
  const totals = new Map<string, Record<string, number>>();
  for await (const { PK, SK, ...counters } of queryAllShards(
    {
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :scope)',
      ExpressionAttributeValues: { ':scope': `${scope}#` },
    },
    allShards(SHARDS.stats).map((s) => statsPk(period, s)),
  )) {
    const key = String(SK).slice(scope.length + 1);
    const sum = totals.get(key) ?? {};
    for (const [name, n] of Object.entries(counters)) sum[name] = (sum[name] ?? 0) + Number(n);
    totals.set(key, sum);
  }
  return [...totals].map(([key, counters]) => ({ key, counters }));
}
