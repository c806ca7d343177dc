// Public statistics, kept as counters that each case change adds to in the same
// transaction: per department and month, and per service and month. Durations are kept as
// histograms of working days, so medians and percentiles come without reading any case.
import { localDate, workingDaysUsed, type Calendar } from './calendar.ts';
import type { CaseRecord, TimelineEvent } from './case/model.ts';
import { isLow } from './case/rating.ts';

export interface StatDelta {
  period: string;
  scope: 'DEPT' | 'SERVICE';
  key: string;
  add: Record<string, number>;
}

const bucket = (days: number) => `wd_${Math.min(days, 99)}`;

/** Events that add one to a single counter: of the event's department, or of the case's service. */
const departmentCounters = new Map([
  ['REVIEW_DEEMED_APPROVED', 'deemedApprovals'],
  ['REVIEW_CORRECTION_REQUESTED', 'correctionRequests'],
  ['REVIEW_EXTENDED', 'extensions'],
  ['REVIEW_OPINION', 'opinions'],
  ['OPINION_MISSING', 'opinionsMissing'],
  ['REVIEW_APPROVED_ON_COMMITMENT', 'commitments'],
  ['POST_CHECK_PASSED', 'postChecksPassed'],
  ['POST_CHECK_FAILED', 'postChecksFailed'],
  ['POST_CHECK_MISSED', 'postChecksMissed'],
]);
const serviceCounters = new Map([
  ['CASE_LAPSED', 'lapsed'],
  ['CASE_WITHDRAWN', 'withdrawn'],
]);

/** What a rating, or its answer, adds: a count, a sum and a histogram of scores, and the low ones and how many were answered. */
function ratingCounters(e: TimelineEvent): Record<string, number> {
  const d = (e.detail ?? {}) as { score?: number; previous?: number; previousAnswered?: boolean };
  const score = Number(d.score);
  if (e.type === 'RATING_ANSWERED') return isLow(score) ? { ratingsLowAnswered: 1 } : {};
  const c: Record<string, number> = { ratingSum: score - (d.previous ?? 0), [`rating_${score}`]: 1 };
  if (d.previous === undefined) c.ratings = 1;
  else c[`rating_${d.previous}`] = (c[`rating_${d.previous}`] ?? 0) - 1;
  c.ratingsLow = (isLow(score) ? 1 : 0) - (isLow(d.previous) ? 1 : 0);
  // a changed rating is a new one: an answer to the one it replaces no longer counts
  if (d.previousAnswered && isLow(d.previous)) c.ratingsLowAnswered = -1;
  return c;
}

/** The public aggregate of ratings: how many, the mean, the scores' distribution, the low ones and the share of them answered. */
export function ratingStats(c: Record<string, number>) {
  const count = n(c, 'ratings');
  const low = n(c, 'ratingsLow');
  return {
    count,
    ...(count ? { mean: Math.round((n(c, 'ratingSum') / count) * 100) / 100 } : {}),
    distribution: Object.fromEntries([1, 2, 3, 4, 5].map((k) => [String(k), n(c, `rating_${k}`)])),
    low,
    lowAnswered: n(c, 'ratingsLowAnswered'),
    ...(low ? { lowAnsweredShare: Math.round((n(c, 'ratingsLowAnswered') / low) * 100) / 100 } : {}),
  };
}

/** What the new events of one change add to the statistics. */
export function statDeltas(record: CaseRecord, events: TimelineEvent[], calendar: Calendar): StatDelta[] {
  const merged = new Map<string, StatDelta>();
  const add = (at: string, scope: StatDelta['scope'], key: string, counters: Record<string, number>) => {
    const period = localDate(new Date(at), calendar.timeZone).slice(0, 7);
    const id = `${period}#${scope}#${key}`;
    const delta = merged.get(id) ?? { period, scope, key, add: {} };
    for (const [name, n] of Object.entries(counters)) delta.add[name] = (delta.add[name] ?? 0) + n;
    merged.set(id, delta);
  };
  const daysSinceAcceptance = (at: string) =>
    record.acceptedAt ? workingDaysUsed(new Date(record.acceptedAt), new Date(at), calendar) : 0;
  for (const e of events) {
    const d = e.department;
    switch (e.type) {
      case 'ACCEPTED':
        add(e.at, 'SERVICE', record.serviceCode, { cases: 1 });
        for (const x of (e.detail?.departments ?? []) as { department: string }[]) add(e.at, 'DEPT', x.department, { received: 1 });
        break;
      case 'REVIEW_APPROVED':
      case 'REVIEW_REJECTED':
        if (d)
          add(e.at, 'DEPT', d, {
            decided: 1,
            decidedOnTime: 1,
            [e.type === 'REVIEW_APPROVED' ? 'approved' : 'rejected']: 1,
            [bucket(daysSinceAcceptance(e.at))]: 1,
          });
        break;
      case 'RATED':
      case 'RATING_ANSWERED': {
        // counted in the month of the case's outcome, so a change later moves nothing between months
        const at = record.decidedAt ?? e.at;
        const target = String(e.detail?.target ?? '');
        const [scope, key] = target === 'service' ? (['SERVICE', record.serviceCode] as const) : (['DEPT', target] as const);
        add(at, scope, key, ratingCounters(e));
        break;
      }
      case 'CASE_APPROVED':
      case 'CASE_REJECTED':
        add(e.at, 'SERVICE', record.serviceCode, {
          [e.type.replace('CASE_', '').toLowerCase()]: 1,
          [bucket(daysSinceAcceptance(e.at))]: 1,
        });
        break;
      default: {
        const departmentCounter = departmentCounters.get(e.type);
        if (d && departmentCounter) add(e.at, 'DEPT', d, { [departmentCounter]: 1 });
        const serviceCounter = serviceCounters.get(e.type);
        if (serviceCounter) add(e.at, 'SERVICE', record.serviceCode, { [serviceCounter]: 1 });
      }
    }
  }
  return [...merged.values()];
}

/** The q-quantile (nearest rank) of a histogram of working days; undefined when empty. */
export function quantile(counters: Record<string, number>, q: number): number | undefined {
  const buckets = Object.entries(counters)
    .filter(([k, n]) => k.startsWith('wd_') && n > 0)
    .map(([k, n]) => [Number(k.slice(3)), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  if (!total) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [days, n] of buckets) {
    seen += n;
    if (seen >= rank) return days;
  }
  return undefined;
}

const n = (c: Record<string, number>, k: string) => c[k] ?? 0;

export function departmentStats(period: string, department: string, c: Record<string, number>) {
  return {
    department,
    period,
    received: n(c, 'received'),
    decided: n(c, 'decided'),
    decidedOnTime: n(c, 'decidedOnTime'),
    approved: n(c, 'approved'),
    rejected: n(c, 'rejected'),
    deemedApprovals: n(c, 'deemedApprovals'),
    correctionRequests: n(c, 'correctionRequests'),
    extensions: n(c, 'extensions'),
    opinions: n(c, 'opinions'),
    opinionsMissing: n(c, 'opinionsMissing'),
    commitments: n(c, 'commitments'),
    postChecksDone: n(c, 'postChecksPassed') + n(c, 'postChecksFailed'),
    postChecksFailed: n(c, 'postChecksFailed'),
    postChecksMissed: n(c, 'postChecksMissed'),
    ratings: ratingStats(c),
    medianWorkingDaysToDecide: quantile(c, 0.5),
    p90WorkingDaysToDecide: quantile(c, 0.9),
  };
}

export function serviceStats(period: string, serviceCode: string, c: Record<string, number>) {
  return {
    serviceCode,
    period,
    cases: n(c, 'cases'),
    outcomes: { approved: n(c, 'approved'), rejected: n(c, 'rejected'), lapsed: n(c, 'lapsed'), withdrawn: n(c, 'withdrawn') },
    medianWorkingDaysToOutcome: quantile(c, 0.5),
    ratings: ratingStats(c),
  };
}
