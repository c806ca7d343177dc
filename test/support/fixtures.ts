// Shared test data. For the unit tests: a calendar, two services, applications, callers, a
// department directory, and a way to apply a CaseChange to an aggregate the way the store
// does (changed reviews replace, events get the next sequence numbers, the version goes up
// by one). For the tests over HTTP: a service definition and an application body as the API
// takes them (at the end).
//
// Asia/Shanghai is UTC+8 all year (no DST): 10:00 local is 02:00Z, and the end of a local
// day D (24:00 local minus 1 ms) is D T15:59:59.999Z.
import assert from 'node:assert/strict';
import type { Calendar } from '#core/calendar.ts';
import type { CaseAggregate, CaseChange, ReviewRecord } from '#core/case/model.ts';
import { settleDue } from '#core/case/deadlines.ts';
import { decideReview, type ReviewAction } from '#core/case/review-actions.ts';
import type { ArmedTask } from '#core/case/workflow.ts';
import { appendEvents, inOrder } from '#core/audit.ts';
import { submitCase } from '#core/case/submission.ts';
import { recordDispatch } from '#core/case/workflow.ts';
import { DomainError } from '#core/errors.ts';
import type { ApplicationInput, Service, ServiceInput } from '#core/schemas.ts';
import type { DepartmentContacts } from '#app/ports.ts';

/**
 * A small authority calendar: Asia/Shanghai, office hours 09:00–17:00, a few of the 2026
 * holidays (元旦 1–3 Jan with Sunday 4 Jan worked; 春节 15–23 Feb with Saturdays 14 and 28 Feb
 * worked; 清明 4–6 Apr). March 2026 has no holiday: there the calendar is Mon–Fri.
 */
export const CAL: Calendar = {
  version: 1,
  timeZone: 'Asia/Shanghai',
  officeHours: { start: '09:00', end: '17:00' },
  years: {
    '2026': {
      holidays: [
        '2026-01-01',
        '2026-01-02',
        '2026-01-03',
        '2026-02-15',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-02-21',
        '2026-02-22',
        '2026-02-23',
        '2026-04-04',
        '2026-04-05',
        '2026-04-06',
      ],
      workdays: ['2026-01-04', '2026-02-14', '2026-02-28'],
    },
  },
};

/** The same calendar as a new version with more holidays (the authority published a change). */
export function calendarWith(extraHolidays: string[], version = CAL.version + 1): Calendar {
  const year = CAL.years['2026'];
  return { ...CAL, version, years: { '2026': { ...year, holidays: [...year.holidays, ...extraHolidays] } } };
}

/** An instant given as Shanghai local time, "YYYY-MM-DD HH:MM[:SS]". */
export const local = (s: string) => new Date(`${s.replace(' ', 'T')}${s.length === 16 ? ':00' : ''}+08:00`);
/** The last millisecond of a Shanghai local day, as ISO (UTC). */
export const endOf = (date: string) => `${date}T15:59:59.999Z`;

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

/** The application with the applicant's e-mail address, where they are told of their case. */
export function applicationWithEmail(email = 'zhang.san@example.com'): ApplicationInput {
  const input = application();
  return { ...input, applicant: { ...input.applicant, email } };
}

/** Who the building permit's departments' mail goes to (environment has none on record). */
export function buildingContacts(): DepartmentContacts[] {
  return [
    { code: 'planning', name: '规划局', emails: ['planning@gov.example'], adminEmails: ['planning-head@gov.example'] },
    { code: 'fire', emails: ['fire@gov.example', 'fire-duty@gov.example'], adminEmails: ['fire-chief@gov.example'] },
  ];
}

export const APPLICANT = 'sub-alice';
/** Callers as the HTTP API's authorizer names them: their subject and Cognito groups. */
export const ALICE = { sub: APPLICANT, groups: ['applicants'] };
export const ADMIN = { sub: 'sub-ada', groups: ['admins'] };
/** Monday 2026-01-05 10:00 in Asia/Shanghai. */
export const SUBMITTED_AT = new Date('2026-01-05T02:00:00.000Z');

/** Apply a change as the store's commitChange does, without a store: changed reviews replace
 * theirs, new ones (a case accepted by a correction) are added. */
export function applyChange(before: CaseAggregate | undefined, change: CaseChange): CaseAggregate {
  const version = (before?.record.version ?? -1) + 1;
  const events = appendEvents(change.record.caseId, before?.timeline ?? [], change.events);
  const changed = new Map(change.reviews.map((r) => [r.department, r]));
  const known = new Set(before?.reviews.map((r) => r.department));
  const reviews = before
    ? [...before.reviews.map((r) => changed.get(r.department) ?? r), ...change.reviews.filter((r) => !known.has(r.department))]
    : change.reviews;
  return { record: { ...change.record, version }, reviews, timeline: inOrder([...(before?.timeline ?? []), ...events]) };
}

/** The workflow armed a review's task: recorded on the review alone, outside the case version. */
export function arm(aggregate: CaseAggregate, department: string, task: ArmedTask): CaseAggregate {
  return { ...aggregate, reviews: aggregate.reviews.map((r) => (r.department === department ? (recordDispatch(r, task) ?? r) : r)) };
}

/** A freshly accepted case with planning, fire and environment reviews, all PENDING. */
export function openedCase(opts: { caseId?: string; form?: Record<string, unknown>; now?: Date; calendar?: Calendar } = {}): CaseAggregate {
  const change = submitCase({
    caseId: opts.caseId ?? '01JGZ0000000000000000CASE1',
    service: buildingService(),
    input: application(opts.form),
    applicantSub: APPLICANT,
    now: opts.now ?? SUBMITTED_AT,
    calendar: opts.calendar ?? CAL,
  });
  const aggregate = applyChange(undefined, change);
  assert.equal(aggregate.record.status, 'IN_REVIEW', 'openedCase: the fixture application should be complete');
  return aggregate;
}

/**
 * A food business licence with a richer form. Market, health and fire review on working-day
 * clocks (20, 15 and 10 days), a hygiene inspection runs on a wall-clock PT60S; the applicant
 * has 5 working days to answer a correction notice; the receipt wording is the service's own.
 */
export function shopService(): Service {
  return {
    code: 'food-shop',
    name: '食品经营许可',
    materials: [
      { id: 'business-licence', name: '营业执照', required: true },
      { id: 'floor-plan', name: '经营场所平面图', required: true },
      { id: 'health-certs', name: '从业人员健康证明', required: false },
    ],
    form: {
      fields: [
        { name: 'shopName', label: '店名', type: 'string', required: true, min: 2, max: 40 },
        { name: 'category', type: 'enum', required: true, options: ['restaurant', 'retail', 'canteen'] },
        { name: 'area', label: '经营面积', type: 'number', required: true, min: 1, max: 5000 },
        { name: 'licenceNo', label: '营业执照号', type: 'string', required: true },
        { name: 'staff', type: 'integer', min: 1 },
        { name: 'postcode', type: 'string', pattern: '^\\d{6}$' },
        { name: 'openingDate', type: 'date' },
        { name: 'alcohol', type: 'boolean' },
      ],
    },
    departments: [
      { code: 'market', name: '市场监督管理局', timeLimit: { workingDays: 20 } },
      { code: 'health', name: '卫生健康委员会', timeLimit: { workingDays: 15 } },
      { code: 'fire', name: '消防救援支队', timeLimit: { workingDays: 10 } },
      { code: 'hygiene', name: '卫生监督所', when: { field: 'category', eq: 'canteen' }, timeLimit: { duration: 'PT60S' } },
    ],
    correctionLimit: { workingDays: 5 },
    receipt: { redress: '不服的，可在60日内申请行政复议。', tacitApproval: '逾期未答复的，视为同意。' },
  };
}

export function shopForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { shopName: '老王面馆', category: 'restaurant', area: 80, licenceNo: '91310115MA1K000000', staff: 4, ...overrides };
}

export function shopApplication(
  form: Record<string, unknown> = shopForm(),
  materials: ApplicationInput['materials'] = [
    { id: 'business-licence', name: '营业执照.pdf' },
    { id: 'floor-plan', name: '平面图.pdf' },
  ],
): ApplicationInput {
  return {
    serviceCode: 'food-shop',
    applicant: { name: '王五', idNumber: '310115198805050013' },
    form,
    materials,
  };
}

/** Monday 2026-03-02 10:00 in Asia/Shanghai. */
export const SHOP_AT = local('2026-03-02 10:00');

/** A food-shop case accepted at SHOP_AT with market, health and fire (and hygiene for a canteen). */
export function shopCase(opts: { form?: Record<string, unknown>; now?: Date; calendar?: Calendar } = {}): CaseAggregate {
  const change = submitCase({
    caseId: 'CASE-SHOP',
    service: shopService(),
    input: shopApplication(opts.form ?? shopForm()),
    applicantSub: APPLICANT,
    now: opts.now ?? SHOP_AT,
    calendar: opts.calendar ?? CAL,
  });
  const aggregate = applyChange(undefined, change);
  assert.equal(aggregate.record.status, 'IN_REVIEW', 'shopCase: the fixture application should be complete');
  return aggregate;
}

export const plusMs = (d: Date, ms: number) => new Date(d.getTime() + ms);

export const reviewOf = (aggregate: Pick<CaseAggregate, 'reviews'>, department: string): ReviewRecord => {
  const r = aggregate.reviews.find((x) => x.department === department);
  assert.ok(r, `no ${department} review`);
  return r;
};

/** The action took effect (not overtaken by the deadline). */
export function done(action: ReviewAction): Extract<ReviewAction, { kind: 'done' }> {
  assert.equal(action.kind, 'done', `expected the action to take effect, got ${action.kind}`);
  return action as Extract<ReviewAction, { kind: 'done' }>;
}

export function assertDomainError(fn: () => unknown, code: string, details?: Record<string, unknown>): DomainError {
  let caught: DomainError | undefined;
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (details) assert.deepEqual(err.details, details);
    caught = err;
    return true;
  });
  return caught!;
}

/** Approve (or reject) a review and commit it. */
export function decided(
  aggregate: CaseAggregate,
  department: string,
  decision: 'APPROVE' | 'REJECT',
  at: Date,
  extra: { conditions?: string[] } = {},
) {
  const input = decision === 'REJECT' ? { decision, comment: '不符合消防规范' } : { decision, ...extra };
  return applyChange(
    aggregate,
    done(decideReview({ aggregate, department, decision: input, reviewer: `reviewer-${department}`, now: at, calendar: CAL })).change,
  );
}

/** Planning approves with a condition, environment approves, fire stays silent past its 30 s and is deemed to approve. */
export function approvedCase(validity?: { years?: number; months?: number; days?: number }): CaseAggregate {
  let agg = openedCase();
  if (validity)
    agg = { ...agg, record: { ...agg.record, rules: { ...agg.record.rules, permit: { validity, authority: '浦东新区行政审批局' } } } };
  agg = decided(agg, 'planning', 'APPROVE', plusMs(SUBMITTED_AT, 10_000), { conditions: ['施工时间 08:00–18:00'] });
  agg = decided(agg, 'environment', 'APPROVE', plusMs(SUBMITTED_AT, 20_000));
  const fire = reviewOf(agg, 'fire');
  agg = applyChange(agg, settleDue(agg, fire, plusMs(SUBMITTED_AT, 40_000), CAL).change);
  assert.equal(agg.record.status, 'APPROVED');
  return agg;
}

// ------------------------------------------------------------------ over HTTP

export function buildingServiceDefinition(overrides: Partial<ServiceInput> = {}): ServiceInput {
  return {
    name: '建设工程规划许可 Building permit',
    legalBasis: '《城乡规划法》第四十条',
    materials: [{ id: 'site-plan', name: '总平面图 Site plan', required: true }],
    form: {
      fields: [
        { name: 'projectName', type: 'string', required: true },
        { name: 'floorArea', type: 'number', required: true, min: 1 },
      ],
    },
    departments: [
      { code: 'planning', name: '规划局 Planning', timeLimit: { duration: 'PT60S' } },
      { code: 'fire', name: '消防 Fire', when: { field: 'floorArea', gt: 200 }, timeLimit: { duration: 'PT60S' } },
      { code: 'environment', name: '生态环境局 Environment', timeLimit: { duration: 'PT60S' } },
    ],
    ...overrides,
  };
}

export function applicationBody(serviceCode: string, form: Record<string, unknown> = { projectName: '滨江大厦', floorArea: 350 }) {
  return {
    serviceCode,
    applicant: { name: '李四', idNumber: '110101199003074514', phone: '13800000000' },
    form,
    materials: [{ id: 'site-plan', name: '总平面图' }],
  };
}
