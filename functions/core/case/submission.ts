// Intake: a submission, and the applicant's correction of it.
import { maskIdNumber } from '../identity.ts';
import type { Calendar } from '../calendar.ts';
import { clockDue, restartClock, startClock } from '../clock.ts';
import { conflict, DomainError } from '../errors.ts';
import { checkApplication } from '../intake.ts';
import { routeDepartments } from '../routing.ts';
import type { ApplicationInput, CorrectionInput, Service } from '../schemas.ts';
import {
  APPLICANT_ACTOR,
  rulesOf,
  WORKFLOW_ACTOR,
  type CaseAggregate,
  type CaseChange,
  type CaseRecord,
  type NewEvent,
  type ReviewRecord,
} from './model.ts';
import { approvesOnCommitment, commitmentEvent, commitmentReview, signedCommitment } from './commitment.ts';
import { withOutcome } from './outcome.ts';

/** Accept a complete application: route it and start every department's clock. */
function accept(record: CaseRecord, service: Service, now: Date, calendar: Calendar): CaseChange {
  const at = now.toISOString();
  const accepted: CaseRecord = { ...record, status: 'IN_REVIEW', acceptedAt: at, missing: undefined, calendarVersion: calendar.version };
  const reviews = routeDepartments(service, record.form).map((d): ReviewRecord => {
    const clock = startClock(d.timeLimit, now);
    const review: ReviewRecord = {
      caseId: record.caseId,
      department: d.code,
      departmentName: d.name,
      status: 'PENDING',
      timeLimit: d.timeLimit,
      clock,
      dueBy: clockDue(clock, calendar).toISOString(),
      calendarVersion: calendar.version,
      serviceCode: service.code,
      acceptedAt: at,
      applicantName: record.applicant.name,
      applicantIdMasked: maskIdNumber(record.applicant.idNumber),
    };
    return approvesOnCommitment(record, d) ? commitmentReview(review, d, now, calendar) : review;
  });
  return {
    record: accepted,
    reviews,
    events: [
      {
        at,
        type: 'ACCEPTED',
        actor: WORKFLOW_ACTOR,
        detail: {
          calendarVersion: calendar.version,
          departments: reviews.map((r) => ({
            department: r.department,
            dueBy: r.dueBy,
            ...(r.status === 'APPROVED_ON_COMMITMENT' ? { onCommitment: true } : {}),
          })),
        },
      },
      ...reviews.filter((r) => r.status === 'APPROVED_ON_COMMITMENT').map(commitmentEvent),
    ],
  };
}

/** A submission: accepted when complete, else kept INCOMPLETE with every missing item. */
export function submitCase(args: {
  caseId: string;
  service: Service;
  input: ApplicationInput;
  applicantSub: string;
  now: Date;
  calendar: Calendar;
}): CaseChange {
  const { caseId, service, input, applicantSub, now, calendar } = args;
  const at = now.toISOString();
  const record: CaseRecord = {
    caseId,
    serviceCode: service.code,
    serviceName: service.name,
    status: 'INCOMPLETE',
    applicantSub,
    applicant: input.applicant,
    form: input.form,
    materials: input.materials,
    submittedAt: at,
    rules: rulesOf(service),
    ...(input.commitment ? { commitment: signedCommitment(service, input, at) } : {}),
    version: 0,
  };
  return acceptIfComplete(
    record,
    service,
    { at, type: 'SUBMITTED', actor: APPLICANT_ACTOR, detail: { serviceCode: service.code } },
    now,
    calendar,
  );
}

/** After `lead` (a submission or a correction): accepted if complete, else INCOMPLETE with every missing item. */
function acceptIfComplete(record: CaseRecord, service: Service, lead: NewEvent, now: Date, calendar: Calendar): CaseChange {
  const missing = checkApplication(service, record);
  if (missing.length)
    return {
      record: { ...record, missing },
      reviews: [],
      events: [lead, { at: lead.at, type: 'INCOMPLETE', actor: WORKFLOW_ACTOR, detail: { missing } }],
    };
  const accepted = accept(record, service, now, calendar);
  // no department routed: nothing to wait for, the outcome is known at acceptance
  const concluded = withOutcome({ record, reviews: [], timeline: [] }, accepted, now);
  return { ...concluded, events: [lead, ...concluded.events] };
}

/** The form and materials with the applicant's correction applied: fields merged, materials replaced by id. */
function applyCorrection(record: CaseRecord, patch: CorrectionInput): Pick<CaseRecord, 'form' | 'materials'> {
  const materials = new Map(record.materials.map((m) => [m.id, m]));
  for (const m of patch.materials ?? []) materials.set(m.id, m);
  return { form: { ...record.form, ...patch.form }, materials: [...materials.values()] };
}

/**
 * The applicant's correction. An INCOMPLETE case is checked again and accepted once
 * complete. A case in review answers its open correction round: the form must stay
 * complete, and every stopped clock restarts where it stopped.
 */
export function correctCase(aggregate: CaseAggregate, service: Service, patch: CorrectionInput, now: Date, calendar: Calendar): CaseChange {
  const at = now.toISOString();
  const changed = { ...aggregate.record, ...applyCorrection(aggregate.record, patch) };
  const corrected: NewEvent = {
    at,
    type: 'CORRECTED',
    actor: APPLICANT_ACTOR,
    detail: { fields: Object.keys(patch.form ?? {}), materials: (patch.materials ?? []).map((m) => m.id) },
  };
  if (aggregate.record.status === 'INCOMPLETE') return acceptIfComplete(changed, service, corrected, now, calendar);
  if (aggregate.record.status !== 'IN_REVIEW' || !aggregate.record.correction)
    throw conflict('nothing to correct: no department has asked for a correction', { status: aggregate.record.status });
  const missing = checkApplication(service, changed);
  if (missing.length) throw new DomainError('VALIDATION_FAILED', 'the corrected application is not complete', { issues: missing });
  const reviews = aggregate.reviews
    .filter((r) => r.status === 'CORRECTION_REQUESTED')
    .map((r): ReviewRecord => {
      const clock = restartClock(r.clock, now);
      return { ...r, status: 'PENDING', clock, dueBy: clockDue(clock, calendar).toISOString(), calendarVersion: calendar.version };
    });
  return {
    record: { ...changed, correction: undefined },
    reviews,
    events: [
      {
        ...corrected,
        detail: {
          ...corrected.detail,
          restarted: reviews.map((r) => ({ department: r.department, dueBy: r.dueBy })),
        },
      },
    ],
  };
}
