// What clients see. Internal fields (task tokens, versions, subjects of other people)
// never leave through these.
import type { CaseAggregate, CaseRecord, ReviewRecord, TimelineEvent } from './case.ts';

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
    ...(r.status === 'DEEMED_APPROVED' ? { defaultedBy: r.department } : {}),
  };
}

export function timelineView(e: TimelineEvent) {
  return { seq: e.seq, at: e.at, type: e.type, actor: e.actor, department: e.department, detail: e.detail };
}

export function caseView(agg: CaseAggregate) {
  const c = agg.record;
  return {
    caseId: c.caseId,
    serviceCode: c.serviceCode,
    serviceName: c.serviceName,
    status: c.status,
    outcome: c.outcome,
    submittedAt: c.submittedAt,
    acceptedAt: c.acceptedAt,
    decidedAt: c.decidedAt,
    applicant: c.applicant,
    form: c.form,
    materials: c.materials,
    reviews: agg.reviews.map(reviewView),
    timeline: agg.timeline.map(timelineView),
  };
}

export function caseSummary(c: CaseRecord) {
  return {
    caseId: c.caseId,
    serviceCode: c.serviceCode,
    serviceName: c.serviceName,
    status: c.status,
    outcome: c.outcome,
    submittedAt: c.submittedAt,
    decidedAt: c.decidedAt,
    applicantName: c.applicant.name,
  };
}

export function reviewTask(r: ReviewRecord) {
  return {
    caseId: r.caseId,
    department: r.department,
    serviceCode: r.serviceCode,
    status: r.status,
    dueBy: r.dueBy,
    acceptedAt: r.acceptedAt,
    applicantName: r.applicantName,
  };
}

export function receipt(agg: Pick<CaseAggregate, 'record' | 'reviews'>) {
  return {
    caseId: agg.record.caseId,
    status: agg.record.status,
    receipt: {
      serviceCode: agg.record.serviceCode,
      serviceName: agg.record.serviceName,
      acceptedAt: agg.record.acceptedAt,
      reviews: agg.reviews.map((r) => ({ department: r.department, departmentName: r.departmentName, dueBy: r.dueBy })),
      tacitApproval: 'A department that has not answered by its due date is deemed to approve.',
    },
  };
}
