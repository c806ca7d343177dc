// Who is told what (functions/core/notifications.ts), and the list of event types the table
// stream passes to the publisher: exactly those that notify someone.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { TimelineEvent } from '#core/case/model.ts';
import { NOTIFYING_EVENTS, notificationsFor, notifies } from '#core/notifications.ts';

const facts = { caseId: 'C1', serviceName: '建设工程规划许可', applicantName: '张三' };
const AT = '2026-03-02T02:00:00.000Z';
/** An event with every detail any notification reads, naming a department. */
const event = (type: string): TimelineEvent => ({
  seq: 7,
  at: AT,
  type,
  actor: 'system:workflow',
  department: 'fire',
  detail: {
    departments: [{ department: 'fire', dueBy: AT }],
    missing: [{ path: 'form.floorArea', message: 'required' }],
    requests: [{ department: 'fire', requested: [{ id: 'plan', reason: '不清晰' }] }],
    lapseBy: AT,
    dueBy: AT,
    opinionBy: AT,
    rejectedBy: ['fire'],
    closed: ['planning'],
    conditions: [{ department: 'fire', conditions: ['每年检查'] }],
    reason: 'lapsed',
    point: '50% of the time used',
  },
});

const ALL_TYPES = [
  'SUBMITTED',
  'INCOMPLETE',
  'CORRECTED',
  'ACCEPTED',
  'REVIEW_APPROVED',
  'REVIEW_REJECTED',
  'REVIEW_CORRECTION_REQUESTED',
  'CORRECTION_NOTICE',
  'REVIEW_EXTENDED',
  'DUE_DATE_MOVED',
  'REVIEW_DEEMED_APPROVED',
  'CASE_APPROVED',
  'PERMIT_ISSUED',
  'PERMIT_REVOKED',
  'CASE_REJECTED',
  'CASE_WITHDRAWN',
  'CASE_LAPSED',
  'REVIEW_REMINDER',
  'REVIEW_ESCALATED',
  'LAPSE_WARNING',
  'OPINION_MISSING',
  'WORKFLOW_REDRIVEN',
  'REVIEW_OPINION',
  'REVIEW_APPROVED_ON_COMMITMENT',
  'POST_CHECK_PASSED',
  'POST_CHECK_FAILED',
  'POST_CHECK_MISSED',
  'RATED',
  'LOW_RATING',
  'RATING_ANSWERED',
];

describe('notifications', () => {
  it('the stream passes exactly the event types that notify someone', () => {
    for (const type of ALL_TYPES) assert.equal(notificationsFor(facts, event(type)).length > 0, notifies(type), type);
    assert.ok(NOTIFYING_EVENTS.every((t) => ALL_TYPES.includes(t)));
  });

  it('an approval names its permit, which sends no notice of its own', () => {
    const [told, ...more] = notificationsFor(facts, event('CASE_APPROVED'));
    assert.deepEqual(told?.recipient, { kind: 'applicant' });
    assert.match(told!.body, /- condition \(fire\): 每年检查/);
    assert.match(told!.body, /Your permit is P-C1, issued with this approval: GET \/permits\/P-C1\./);
    assert.match(told!.body, /GET \/permits\/P-C1\/verify/);
    assert.equal(more.length, 0);
    assert.equal(notifies('PERMIT_ISSUED'), false);
    assert.equal(notifies('PERMIT_REVOKED'), true);
  });

  it('a missed post-check goes to the department’s admins', () => {
    const [told, ...more] = notificationsFor(facts, { ...event('POST_CHECK_MISSED'), detail: { postCheckBy: '2026-01-12T15:59:59.999Z' } });
    assert.deepEqual(told?.recipient, { kind: 'department-admins', department: 'fire' });
    assert.match(told!.body, /by 2026-01-12T15:59:59.999Z; this is recorded against the department/);
    assert.equal(more.length, 0);
  });

  it('a rejection tells the applicant once, and each department whose review it closed', () => {
    const told = notificationsFor(facts, event('CASE_REJECTED'));
    assert.deepEqual(
      told.map((n) => n.id),
      ['C1#fire:7#applicant', 'C1#fire:7#department:planning'],
    );
    // an event of the case's own chain is named by its number alone
    const { department: _, ...caseEvent } = event('CASE_REJECTED');
    assert.equal(notificationsFor(facts, caseEvent)[0]!.id, 'C1#7#applicant');
    assert.match(told[0]!.body, /rejected by: fire/);
    assert.match(told[1]!.body, /closed and needs no decision/);
  });

  it('speaks of the case from the facts the event carries', () => {
    const [applicant, fire] = notificationsFor(facts, event('ACCEPTED'));
    assert.equal(applicant!.subject, '[建设工程规划许可] Application accepted');
    assert.match(fire!.body, /from 张三 awaits your review/);
    assert.equal(fire!.id, 'C1#fire:7#department:fire');
  });

  it("the applicant's address travels with the event; a department's is looked up where it is delivered", () => {
    const [applicant, fire] = notificationsFor({ ...facts, applicantEmail: 'zhang@example.com' }, event('ACCEPTED'));
    assert.deepEqual(applicant!.to, ['zhang@example.com']);
    assert.equal(fire!.to, undefined);
    // no address given: nobody to e-mail, and nothing to look up
    assert.deepEqual(notificationsFor({ ...facts, applicantEmail: '' }, event('ACCEPTED'))[0]!.to, []);
    // an event from before events carried the address: looked up where it is delivered
    assert.equal(notificationsFor(facts, event('ACCEPTED'))[0]!.to, undefined);
  });
});
