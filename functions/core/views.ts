// What clients see. Internal fields (task tokens, versions, account ids) never leave
// through these.
import { workingDaysLeft, type Calendar } from './calendar.ts';
import { ratingsView } from './case/rating.ts';
import { maskIdNumber } from './identity.ts';
import { isFinal, isSettled, type CaseAggregate, type CaseRecord, type ReviewRecord, type TimelineEvent } from './case/model.ts';

export function reviewView(r: ReviewRecord) {
  return {
    department: r.department,
    departmentName: r.departmentName,
    status: r.status,
    dueBy: r.dueBy,
    timeLimit: r.timeLimit,
    decidedAt: r.decidedAt,
    decidedBy: r.decidedBy,
    comment: r.comment,
    conditions: r.conditions,
    requested: r.requested,
    extension: r.extension && { workingDays: r.extension.workingDays, reason: r.extension.reason, at: r.extension.at },
    calendarVersion: r.calendarVersion,
    ...(r.status === 'DEEMED_APPROVED'
      ? { defaultedBy: r.department, opinionBy: r.opinionBy, opinion: r.opinion && { comment: r.opinion.comment, at: r.opinion.at } }
      : {}),
    ...(r.postCheck ? { postCheck: r.postCheck } : {}),
  };
}

export function timelineView(e: TimelineEvent) {
  return { seq: e.seq, at: e.at, type: e.type, actor: e.actor, department: e.department, detail: e.detail };
}

/** What every view of a case starts with, the full view and a list's summary alike. */
const caseHeading = (c: Pick<CaseRecord, 'caseId' | 'serviceCode' | 'serviceName' | 'status' | 'outcome' | 'submittedAt'>) => ({
  caseId: c.caseId,
  serviceCode: c.serviceCode,
  serviceName: c.serviceName,
  status: c.status,
  outcome: c.outcome,
  submittedAt: c.submittedAt,
});

export function caseView(aggregate: CaseAggregate, now: Date, calendar: Calendar) {
  const c = aggregate.record;
  return {
    ...caseHeading(c),
    acceptedAt: c.acceptedAt,
    decidedAt: c.decidedAt,
    applicant: c.applicant,
    form: c.form,
    materials: c.materials,
    missing: c.missing,
    correction: c.correction,
    calendarVersion: c.calendarVersion,
    redress: c.rules.redress,
    tacitApproval: c.rules.tacitApproval,
    commitment: c.commitment,
    postCheckFailed: c.postCheckFailed,
    permit: c.permit,
    ...(c.status === 'APPROVED' || c.status === 'REJECTED' ? { ratings: ratingsView(aggregate, calendar) } : {}),
    reviews: aggregate.reviews.map((r) => ({ ...reviewView(r), progress: reviewProgress(c, r, now, calendar) })),
    timeline: aggregate.timeline.map(timelineView),
  };
}

/** What a case list shows of a case: all the list index carries. */
export type CaseListing = Pick<
  CaseRecord,
  'caseId' | 'serviceCode' | 'serviceName' | 'status' | 'outcome' | 'submittedAt' | 'decidedAt'
> & {
  applicantName: string;
  applicantIdMasked?: string;
};
/** What a work list shows of a review. */
export type ReviewListing = Pick<
  ReviewRecord,
  'caseId' | 'department' | 'serviceCode' | 'status' | 'dueBy' | 'acceptedAt' | 'applicantName' | 'applicantIdMasked'
>;

export const listingOf = (c: CaseRecord): CaseListing => ({
  ...c,
  applicantName: c.applicant.name,
  applicantIdMasked: maskIdNumber(c.applicant.idNumber),
});

export function caseSummary(c: CaseListing) {
  return {
    ...caseHeading(c),
    decidedAt: c.decidedAt,
    applicantName: c.applicantName,
    applicantIdMasked: c.applicantIdMasked,
  };
}

export function reviewTask(r: ReviewListing) {
  return {
    caseId: r.caseId,
    department: r.department,
    serviceCode: r.serviceCode,
    status: r.status,
    dueBy: r.dueBy,
    acceptedAt: r.acceptedAt,
    applicantName: r.applicantName,
    applicantIdMasked: r.applicantIdMasked,
  };
}

/** The answer to a submission: an acceptance receipt, or the list of what is missing. */
export function receipt(aggregate: Pick<CaseAggregate, 'record' | 'reviews'>) {
  const c = aggregate.record;
  if (c.status === 'INCOMPLETE')
    return {
      caseId: c.caseId,
      status: c.status,
      receipt: { serviceCode: c.serviceCode, serviceName: c.serviceName, submittedAt: c.submittedAt, missing: c.missing ?? [] },
    };
  return {
    caseId: c.caseId,
    status: c.status,
    receipt: {
      serviceCode: c.serviceCode,
      serviceName: c.serviceName,
      acceptedAt: c.acceptedAt,
      calendarVersion: c.calendarVersion,
      reviews: aggregate.reviews.map((r) => ({
        department: r.department,
        departmentName: r.departmentName,
        dueBy: r.dueBy,
        ...(r.status === 'APPROVED_ON_COMMITMENT' ? { onCommitment: true as const } : {}),
      })),
      tacitApproval: c.rules.tacitApproval,
      redress: c.rules.redress,
    },
  };
}

/** Working days left on a review's clock, and whose move it is (for the applicant's view). */
export function reviewProgress(record: CaseRecord, review: ReviewRecord, now: Date, calendar: Calendar) {
  if (isSettled(review) || isFinal(record)) return undefined;
  if (review.status === 'CORRECTION_REQUESTED') return { waitingFor: 'applicant' as const, clockStopped: true };
  return {
    waitingFor: 'department' as const,
    clockStopped: false,
    workingDaysLeft: workingDaysLeft(now, new Date(review.dueBy), calendar),
  };
}
