// Who may do what. Object-level: a case is visible to its applicant, to admins, and to
// reviewers of a department that reviews it; to anyone else it does not exist.
import type { CaseAggregate } from './case/model.ts';
import { forbidden, notFound } from './errors.ts';

export interface Principal {
  sub: string;
  groups: string[];
}

export const isAdmin = (p: Principal) => p.groups.includes('admins');
export const isApplicant = (p: Principal) => p.groups.includes('applicants');

/** A group that alone may call a route, checked before anything is parsed. */
export interface Role {
  who: string;
  test: (p: Principal) => boolean;
}
export const admins: Role = { who: 'admins', test: isAdmin };
export const applicants: Role = { who: 'applicants', test: isApplicant };
export const reviewsFor = (p: Principal, department: string) => p.groups.includes(`reviewers-${department}`);

export function canSeeCase(p: Principal, aggregate: CaseAggregate): boolean {
  return isAdmin(p) || aggregate.record.applicantSub === p.sub || aggregate.reviews.some((r) => reviewsFor(p, r.department));
}

/** The case if the caller may see it; otherwise it answers as if it did not exist. */
export function visibleCase(p: Principal, aggregate: CaseAggregate | undefined, caseId: string): CaseAggregate {
  if (!aggregate || !canSeeCase(p, aggregate)) throw notFound(`case ${caseId}`);
  return aggregate;
}

/** Only the applicant of a case acts on it as applicant. */
export function ownCase(p: Principal, aggregate: CaseAggregate | undefined, caseId: string): CaseAggregate {
  const visible = visibleCase(p, aggregate, caseId);
  if (visible.record.applicantSub !== p.sub) throw forbidden('only the applicant of a case can do this');
  return visible;
}

export function requireReviewer(p: Principal, department: string): void {
  if (!reviewsFor(p, department)) throw forbidden(`only reviewers of ${department} can do this`);
}

/** A reviewer of `department` acting on a case they may see: 404 when they may not see it, 403 when not of that department. */
export const reviewerOf =
  (department: string) =>
  (p: Principal, agg: CaseAggregate | undefined, caseId: string): CaseAggregate => {
    const visible = visibleCase(p, agg, caseId);
    requireReviewer(p, department);
    return visible;
  };

/** The system (the workflow, the watchdog) acts on any case there is. */
export function existingCase(_actor: unknown, agg: CaseAggregate | undefined, caseId: string): CaseAggregate {
  if (!agg) throw notFound(`case ${caseId}`);
  return agg;
}
