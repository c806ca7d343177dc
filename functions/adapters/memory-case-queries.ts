// The CaseQueries port over the in-memory case store, for the handlers' unit tests. It lists
// what the table's indexes list (./case-queries.ts, ./case-keys.ts): an applicant's cases or
// every case newest first by `submittedAt#caseId`, optionally of one status; a department's
// reviews of one status earliest due first by `dueBy#caseId`; the open (PENDING) reviews by
// due time; a month's statistics counters. A list item carries only what the index projects.
// A page continues after the last item handed out,
// and its cursor, like the table's, is signed for the very list it came from: crafted,
// altered, truncated or used on another list (another applicant, status or department), it
// is refused with the same VALIDATION_FAILED at `cursor`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CaseQueries, OpenReview, Page } from '#app/ports.ts';
import { badCursor } from '#core/errors.ts';
import type { CaseStatus, ReviewStatus } from '#core/schemas.ts';
import { type CaseListing, listingOf, type ReviewListing } from '#core/views.ts';
import { table } from '#infra/manifest.ts';
import type { MemoryCaseStore } from './memory-case-store.ts';

const copy = <T>(value: T): T => structuredClone(value);
/** What the list indexes carry of an item. */
const LISTED = table.indexes.find((i) => i.name === 'GSI1')!.projection;
const listed = <T>(item: object): T =>
  Object.fromEntries(Object.entries(item).filter(([k, v]) => LISTED.includes(k) && v !== undefined)) as T;
const ordered = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class MemoryCaseQueries implements CaseQueries {
  private readonly store: MemoryCaseStore;
  private readonly key = randomBytes(32);

  constructor(store: MemoryCaseStore) {
    this.store = store;
  }

  async listCases(
    by: { applicantSub: string } | { all: true },
    opts: { status?: CaseStatus; limit: number; cursor?: string },
  ): Promise<Page<CaseListing>> {
    const records = [...this.store.cases.values()]
      .map((c) => c.record)
      .filter((r) => ('all' in by || r.applicantSub === by.applicantSub) && (!opts.status || r.status === opts.status));
    const list = JSON.stringify(['cases', 'all' in by ? '*' : by.applicantSub, opts.status ?? '']);
    return this.page(
      list,
      records.map((r) => ({ sort: `${r.submittedAt}#${r.caseId}`, item: listed<CaseListing>(listingOf(r)) })),
      'descending',
      opts,
    );
  }

  async listReviews(department: string, status: ReviewStatus, opts: { limit: number; cursor?: string }): Promise<Page<ReviewListing>> {
    const reviews = [...this.store.cases.values()]
      .flatMap((c) => c.reviews)
      .filter((r) => r.department === department && r.status === status);
    const list = JSON.stringify(['reviews', department, status]);
    return this.page(
      list,
      reviews.map((r) => ({ sort: `${r.dueBy}#${r.caseId}`, item: listed<ReviewListing>(r) })),
      'ascending',
      opts,
    );
  }

  async *openReviews(dueFrom?: string): AsyncGenerator<OpenReview> {
    const open = [...this.store.cases.values()]
      .flatMap((c) => c.reviews)
      .filter((r) => r.status === 'PENDING')
      .map((r) => ({
        sort: `${r.dueBy}#${r.caseId}#${r.department}`,
        review: { caseId: r.caseId, department: r.department, dueBy: r.dueBy },
      }))
      .filter(({ sort }) => dueFrom === undefined || sort >= dueFrom)
      .sort((a, b) => ordered(a.sort, b.sort));
    for (const { review } of open) yield review;
  }

  async statsOf(period: string, scope: 'DEPT' | 'SERVICE'): Promise<{ key: string; counters: Record<string, number> }[]> {
    const prefix = `${period}#${scope}#`;
    return [...this.store.stats]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => ordered(a, b))
      .map(([key, counters]) => ({ key: key.slice(prefix.length), counters: copy(counters) }));
  }

  /** One page of `entries` in sort-key order, after where the cursor left off. */
  private page<T>(
    list: string,
    entries: { sort: string; item: T }[],
    direction: 'ascending' | 'descending',
    opts: { limit: number; cursor?: string },
  ): Page<T> {
    const after = opts.cursor === undefined ? undefined : this.decode(list, opts.cursor);
    const sign = direction === 'ascending' ? 1 : -1;
    const rest = entries
      .filter(({ sort }) => after === undefined || sign * ordered(sort, after) > 0)
      .sort((a, b) => sign * ordered(a.sort, b.sort));
    const taken = rest.slice(0, opts.limit);
    const more = rest.length > taken.length;
    return {
      items: taken.map(({ item }) => copy(item)),
      ...(more ? { nextCursor: this.encode(list, taken.at(-1)!.sort) } : {}),
    };
  }

  /** `<payload>.<signature>`, both base64url: the position, and an HMAC over the list and it. */
  private encode(list: string, after: string): string {
    const payload = Buffer.from(JSON.stringify({ after })).toString('base64url');
    return `${payload}.${this.mac(list, payload).toString('base64url')}`;
  }

  private decode(list: string, cursor: string): string {
    const [payload, signature, ...rest] = cursor.split('.');
    if (!payload || !signature || rest.length) throw badCursor();
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(list, payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badCursor();
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { after: string }).after;
  }

  private mac(list: string, payload: string): Buffer {
    return createHmac('sha256', this.key).update(list).update('\u0000').update(payload).digest();
  }
}
