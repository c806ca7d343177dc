// Reads across cases from the table's indexes: the case lists, a department's work list,
// the open reviews by due time, the watchdog's due cases and the statistics counters.
import type { OpenReview } from '#app/ports.ts';
import type { CaseStatus, ReviewStatus } from '#core/schemas.ts';
import type { CaseListing, ReviewListing } from '#core/views.ts';
import { table } from '#infra/manifest.ts';
import { alertPk, applicantPk, caseIdOf, casesPk, departmentPk, openPk, statsPk } from './case-keys.ts';
import { requiredEnv } from './clients.ts';
import { allShards, queryAllShards, queryShards, type Page } from './shards.ts';

export type { Page } from './shards.ts';
const SHARDS = table.shards;

const tableName = () => requiredEnv('TABLE_NAME');
const listKeys = (index: string) => ['PK', 'SK', `${index}PK`, `${index}SK`];

/** An applicant's cases (one partition), or every case (admins; merged from the shards), newest first. */
export function listCases(
  by: { applicantSub: string } | { all: true },
  opts: { status?: CaseStatus; limit: number; cursor?: string },
): Promise<Page<CaseListing>> {
  const [index, partitionKeys] = 'all' in by ? ['GSI2', allShards(SHARDS.cases).map(casesPk)] : ['GSI1', [applicantPk(by.applicantSub)]];
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

export type { OpenReview } from '#app/ports.ts';

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
    yield caseIdOf(item.PK);
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
