// How cases lie in the single table: the keys of every item of a case, the write-sharded
// index keys many items share, and the items as written. Nothing outside the case store
// spells a key.
import { maskIdNumber } from '#core/identity.ts';
import { caseFacts, notifies } from '#core/notifications.ts';
import type { CaseRecord, ReviewRecord, TimelineEvent } from '#core/case/model.ts';
import type { PermitRecord } from '#core/permit.ts';
import type { ReviewStatus } from '#core/schemas.ts';
import { table } from '#infra/manifest.ts';
import { shardOf } from './shards.ts';

const SHARDS = table.shards;

export const casePk = (caseId: string) => `CASE#${caseId}`;
/** The case id of an item of a case, from its partition key. */
export const caseIdOf = (pk: unknown) => String(pk).replace(/^CASE#/, '');
export const CASE_SK = 'CASE';
export const reviewSk = (department: string) => `REVIEW#${department}`;
/** Events of the case's own chain, then each review's chain, each in order. */
export const eventSk = (e: Pick<TimelineEvent, 'seq' | 'department'>) =>
  `EVT#${e.department ? `R#${e.department}` : 'C'}#${String(e.seq).padStart(8, '0')}`;
/** A permit lies apart from its case: it outlives the case's retention, as a public record. */
export const permitKey = (number: string) => ({ PK: `PERMIT#${number}`, SK: 'PERMIT' });
export const permitItem = (p: PermitRecord) => ({ ...permitKey(p.number), kind: 'permit', ...p });
export const caseKey = (caseId: string) => ({ PK: casePk(caseId), SK: CASE_SK });
export const reviewKey = (caseId: string, department: string) => ({ PK: casePk(caseId), SK: reviewSk(department) });

// Keys many items share are write-sharded by case (./shards.ts, infra/manifest.ts).
export const applicantPk = (sub: string) => `APPLICANT#${sub}`;
export const casesPk = (shard: number) => `CASES#${shard}`;
export const openPk = (shard: number) => `OPEN#${shard}`;
export const alertPk = (shard: number) => `ALERT#${shard}`;
export const departmentPk = (department: string, status: ReviewStatus, shard: number) => `DEPT#${department}#${status}#${shard}`;
export const statsPk = (period: string, shard: number) => `STATS#${period}#${shard}`;
export const statsKey = (caseId: string, period: string, scope: string, key: string) => ({
  PK: statsPk(period, shardOf(caseId, SHARDS.stats)),
  SK: `${scope}#${key}`,
});

/** Sparse index of the watchdog: an item is in it while it has a next instant to be looked at. */
const alertKeys = (at: string | undefined, caseId: string, department = '-') =>
  at ? { GSI3PK: alertPk(shardOf(caseId, SHARDS.alerts)), GSI3SK: `${at}#${caseId}#${department}` } : {};

export const caseItem = (c: CaseRecord, alertAt?: string, expiration?: number) => ({
  ...caseKey(c.caseId),
  kind: 'case',
  ...c,
  // the table's TTL attribute (epoch seconds): a backstop to the watchdog's erasure
  ...(expiration ? { [table.timeToLiveAttribute]: expiration } : {}),
  // listed in the case lists (the indexes carry only what a list shows)
  applicantName: c.applicant.name,
  applicantIdMasked: maskIdNumber(c.applicant.idNumber),
  GSI1PK: applicantPk(c.applicantSub),
  GSI1SK: `${c.submittedAt}#${c.caseId}`,
  GSI2PK: casesPk(shardOf(c.caseId, SHARDS.cases)),
  GSI2SK: `${c.submittedAt}#${c.caseId}`,
  ...alertKeys(alertAt, c.caseId),
});

export const reviewItem = (r: ReviewRecord, alertAt?: string) => ({
  ...reviewKey(r.caseId, r.department),
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
export const eventItem = (record: CaseRecord, e: TimelineEvent) => ({
  PK: casePk(record.caseId),
  SK: eventSk(e),
  kind: 'event',
  ...e,
  ...(notifies(e.type) ? { facts: caseFacts(record) } : {}),
});

/** An item as the domain knows it: without its keys. */
export function strip<T>(item: Record<string, unknown>): T {
  const { PK, SK, kind, GSI1PK, GSI1SK, GSI2PK, GSI2SK, GSI3PK, GSI3SK, facts, [table.timeToLiveAttribute]: _expiration, ...rest } = item;
  // the case item carries applicantName and applicantIdMasked for its listings only; a review keeps its own (its
  // department's work list shows it, also once the review is settled and rewritten)
  if (kind === 'case') {
    delete rest.applicantName;
    delete rest.applicantIdMasked;
  }
  return rest as T;
}
