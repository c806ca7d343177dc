// Shared test data for the unit tests: a service, an application, and a way to apply a
// CaseChange to an aggregate the way the store does (changed reviews replace, events get
// the next sequence numbers, the version goes up by one).
import type { CaseAggregate, CaseChange } from '#core/case.ts';
import { openCase } from '#core/case.ts';
import type { ApplicationInput, Service } from '#core/schemas.ts';

/** A building permit: planning always reviews, fire only above 200 m², environment in three days. */
export function buildingService(): Service {
  return {
    code: 'building-permit',
    name: '建设工程施工许可',
    materials: [{ id: 'site-plan', name: '总平面图', required: true }],
    form: {
      fields: [
        { name: 'floorArea', type: 'number', required: true },
        { name: 'district', type: 'string' },
      ],
    },
    departments: [
      { code: 'planning', name: '规划局', timeLimit: { duration: 'PT2H' } },
      { code: 'fire', name: '消防救援支队', when: { field: 'floorArea', gt: 200 }, timeLimit: { duration: 'PT30S' } },
      { code: 'environment', name: '生态环境局', timeLimit: { workingDays: 3 } },
    ],
  };
}

export function application(form: Record<string, unknown> = { floorArea: 250, district: '浦东新区' }): ApplicationInput {
  return {
    serviceCode: 'building-permit',
    applicant: { name: '张三', idNumber: '110101199003074514', phone: '13800000000' },
    form,
    materials: [{ id: 'site-plan', name: '总平面图.pdf' }],
  };
}

export const APPLICANT = 'sub-alice';
/** Monday 2026-01-05 10:00 in Asia/Shanghai. */
export const SUBMITTED_AT = new Date('2026-01-05T02:00:00.000Z');

/** Apply a change as the store's commitChange does, without a store. */
export function applyChange(before: CaseAggregate | undefined, change: CaseChange): CaseAggregate {
  const version = (before?.record.version ?? -1) + 1;
  const firstSeq = (before?.timeline.at(-1)?.seq ?? 0) + 1;
  const events = change.events.map((e, i) => ({ ...e, seq: firstSeq + i }));
  const changed = new Map(change.reviews.map((r) => [r.department, r]));
  const reviews = before ? before.reviews.map((r) => changed.get(r.department) ?? r) : change.reviews;
  return { record: { ...change.record, version }, reviews, timeline: [...(before?.timeline ?? []), ...events] };
}

/** A freshly accepted case with planning, fire and environment reviews, all PENDING. */
export function openedCase(opts: { caseId?: string; form?: Record<string, unknown>; now?: Date } = {}): CaseAggregate {
  const change = openCase({
    caseId: opts.caseId ?? '01JGZ0000000000000000CASE1',
    service: buildingService(),
    input: application(opts.form),
    applicantSub: APPLICANT,
    now: opts.now ?? SUBMITTED_AT,
  });
  return applyChange(undefined, change);
}

export const plusMs = (d: Date, ms: number) => new Date(d.getTime() + ms);
