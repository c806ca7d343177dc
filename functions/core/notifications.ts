// Who is told what, for each timeline event. Pure: the notifier delivers what this says,
// once per notification id (case, event, recipient).
import type { CaseRecord, TimelineEvent } from './case/model.ts';
import { maskIdNumber } from './identity.ts';
import { permitNumberOf } from './permit.ts';

export type Recipient =
  | { kind: 'applicant' }
  | { kind: 'department'; department: string }
  | { kind: 'department-admins'; department: string };

export interface Notification {
  /** Unique per case, event and recipient: delivery is idempotent on it. */
  id: string;
  caseId: string;
  eventSeq: number;
  eventType: string;
  recipient: Recipient;
  subject: string;
  body: string;
  at: string;
  /** The applicant's addresses, known from the event (a department's come from its contacts). */
  to?: string[];
}

/** What a notification says of its case: carried on each event that notifies (see `notifies`). */
export interface CaseFacts {
  caseId: string;
  serviceName: string;
  applicantName: string;
  /** The applicant's document number masked (absent on older events): a notification never carries it whole. */
  applicantIdMasked?: string;
  /** Where the applicant is told by e-mail: '' when they gave no address (absent on older events). */
  applicantEmail?: string;
}

export const caseFacts = (c: Pick<CaseRecord, 'caseId' | 'serviceName' | 'applicant'>): CaseFacts => ({
  caseId: c.caseId,
  serviceName: c.serviceName,
  applicantName: c.applicant.name,
  applicantIdMasked: maskIdNumber(c.applicant.idNumber),
  applicantEmail: c.applicant.email ?? '',
});

/**
 * The event types anyone is told of. The table stream's filter passes only these to the
 * publisher, so an event that notifies nobody costs no invocation. The permit is not told of
 * apart: every approved case is issued its permit, so the approval names it (PERMIT_ISSUED
 * follows on the timeline).
 */
export const NOTIFYING_EVENTS = [
  'ACCEPTED',
  'INCOMPLETE',
  'CORRECTION_NOTICE',
  'LAPSE_WARNING',
  'CASE_APPROVED',
  'CASE_REJECTED',
  'CASE_LAPSED',
  'REVIEW_REMINDER',
  'REVIEW_ESCALATED',
  'REVIEW_DEEMED_APPROVED',
  'OPINION_MISSING',
  'POST_CHECK_MISSED',
  'LOW_RATING',
  'PERMIT_REVOKED',
] as const;
export const notifies = (type: string) => (NOTIFYING_EVENTS as readonly string[]).includes(type);

const recipientKey = (r: Recipient) => (r.kind === 'applicant' ? 'applicant' : `${r.kind}:${r.department}`);

function make(c: CaseFacts, e: TimelineEvent, recipient: Recipient, subject: string, body: string): Notification {
  return {
    // an event is named by its chain (the case's, or a department's review) and its number in it
    id: `${c.caseId}#${e.department ? `${e.department}:` : ''}${e.seq}#${recipientKey(recipient)}`,
    caseId: c.caseId,
    eventSeq: e.seq,
    eventType: e.type,
    recipient,
    ...(recipient.kind === 'applicant' && c.applicantEmail !== undefined ? { to: c.applicantEmail ? [c.applicantEmail] : [] } : {}),
    subject: `[${c.serviceName}] ${subject}`,
    body: `${body}\n\nCase ${c.caseId}`,
    at: e.at,
  };
}

/** The items of a list in an event's detail (written by this code, read back from the stream). */
// biome-ignore lint/suspicious/noExplicitAny: event details are written by this code and read back untyped from the stream
const list = (items: unknown) => (Array.isArray(items) ? items : []) as Record<string, any>[];

export function notificationsFor(c: CaseFacts, e: TimelineEvent): Notification[] {
  const d = e.detail ?? {};
  const dept = e.department;
  switch (e.type) {
    case 'ACCEPTED': {
      const departments = list(d.departments);
      return [
        make(
          c,
          e,
          { kind: 'applicant' },
          'Application accepted',
          [
            `Your application has been accepted. Each department answers by:`,
            ...departments.map((x) =>
              x.onCommitment
                ? `- ${x.department}: approved now on your commitment; it checks by ${x.dueBy}`
                : `- ${x.department}: ${x.dueBy}`,
            ),
            `A department that has not answered by its date is deemed to approve.`,
          ].join('\n'),
        ),
        ...departments.map((x) => {
          const who = `${c.applicantName}${c.applicantIdMasked ? ` (${c.applicantIdMasked})` : ''}`;
          return x.onCommitment
            ? make(
                c,
                e,
                { kind: 'department', department: x.department },
                'Approved on commitment: post-check due',
                `An application for ${c.serviceName} from ${who} was approved on the applicant's commitment. Your post-check is due ${x.dueBy}.`,
              )
            : make(
                c,
                e,
                { kind: 'department', department: x.department },
                'New review',
                `A new application for ${c.serviceName} from ${who} awaits your review, due ${x.dueBy}.`,
              );
        }),
      ];
    }
    case 'INCOMPLETE':
      return [
        make(
          c,
          e,
          { kind: 'applicant' },
          'Application incomplete',
          [
            'Your application is missing the following; please complete it:',
            ...list(d.missing).map((i) => `- ${i.path}: ${i.message}`),
          ].join('\n'),
        ),
      ];
    case 'CORRECTION_NOTICE':
      return [
        make(
          c,
          e,
          { kind: 'applicant' },
          'Correction requested',
          [
            `The reviewing departments ask you to correct the following, by ${d.lapseBy}:`,
            ...list(d.requests).flatMap((r) => list(r.requested).map((i) => `- ${r.departmentName ?? r.department}: ${i.id}: ${i.reason}`)),
            'If no correction arrives by then, the application lapses.',
          ].join('\n'),
        ),
      ];
    case 'LAPSE_WARNING':
      return [
        make(
          c,
          e,
          { kind: 'applicant' },
          'Your application will lapse soon',
          `Please answer the correction request before ${d.lapseBy}, or the application lapses.`,
        ),
      ];
    case 'CASE_APPROVED': {
      const permit = permitNumberOf(c.caseId);
      return [
        make(
          c,
          e,
          { kind: 'applicant' },
          'Application approved',
          [
            'Your application has been approved.',
            ...list(d.conditions).flatMap((x) => list(x.conditions).map((k) => `- condition (${x.department}): ${k}`)),
            `Your permit is ${permit}, issued with this approval: GET /permits/${permit}.`,
            `Anyone can check it at GET /permits/${permit}/verify, or offline with the public key of GET /permit-key.`,
          ].join('\n'),
        ),
      ];
    }
    case 'CASE_REJECTED':
      return [
        make(
          c,
          e,
          { kind: 'applicant' },
          'Application rejected',
          `Your application has been rejected by: ${list(d.rejectedBy).join(', ')}. The case shows their reasons.`,
        ),
        // a department still reviewing need not go on: its review is closed, nothing is recorded against it
        ...list(d.closed).map((x) =>
          make(
            c,
            e,
            { kind: 'department', department: String(x) },
            'Review closed',
            `The application was rejected by ${list(d.rejectedBy).join(', ')}; your review is closed and needs no decision.`,
          ),
        ),
      ];
    case 'PERMIT_REVOKED':
      return [
        make(
          c,
          e,
          { kind: 'applicant' },
          'Your permit is revoked',
          [`Permit ${d.number} has been revoked, for these reasons:`, ...list(d.reasons).map((r) => `- ${r}`)].join('\n'),
        ),
      ];
    case 'CASE_LAPSED':
      return [make(c, e, { kind: 'applicant' }, 'Application lapsed', String(d.reason ?? 'The application lapsed.'))];
    case 'REVIEW_REMINDER':
      return dept
        ? [make(c, e, { kind: 'department', department: dept }, 'Review reminder', `Reminder (${d.point}): the review is due ${d.dueBy}.`)]
        : [];
    case 'REVIEW_ESCALATED':
      return dept
        ? [
            make(
              c,
              e,
              { kind: 'department-admins', department: dept },
              'Review due today, still open',
              `The ${dept} review is due ${d.dueBy} and has not been decided.`,
            ),
          ]
        : [];
    case 'REVIEW_DEEMED_APPROVED':
      return dept
        ? [
            make(
              c,
              e,
              { kind: 'department', department: dept },
              'Deemed approval recorded against your department',
              [
                `Your department did not answer by ${d.dueBy}: the review is deemed approved, and the default is recorded against the department.`,
                d.opinionBy ? `You may still file your opinion until ${d.opinionBy}.` : '',
              ]
                .filter(Boolean)
                .join('\n'),
            ),
          ]
        : [];
    case 'OPINION_MISSING':
      return dept
        ? [
            make(
              c,
              e,
              { kind: 'department-admins', department: dept },
              'No opinion after a deemed approval',
              `The ${dept} department filed no opinion by ${d.opinionBy}.`,
            ),
          ]
        : [];
    case 'LOW_RATING': {
      const department = dept;
      return department
        ? [
            make(
              c,
              e,
              { kind: 'department-admins', department },
              'A low rating to answer',
              [
                `The applicant rated the ${department} department ${d.score} of 5${d.comment ? `: "${d.comment}"` : '.'}`,
                `Answer it on the record: POST /applications/${c.caseId}/ratings/${department}/answer.`,
              ].join('\n'),
            ),
          ]
        : [];
    }
    case 'POST_CHECK_MISSED':
      return dept
        ? [
            make(
              c,
              e,
              { kind: 'department-admins', department: dept },
              'Post-check missed',
              `The ${dept} department did not make its post-check of an approval on commitment by ${d.postCheckBy}; this is recorded against the department. The check is still to be made.`,
            ),
          ]
        : [];
    default:
      return [];
  }
}
