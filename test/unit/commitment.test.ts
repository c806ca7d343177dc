// Approval on commitment (functions/core/case/commitment.ts): departments that allow it are
// settled APPROVED_ON_COMMITMENT at acceptance, each with a post-check due in its own
// working days; the check passes, fails (rejecting a case in review, revoking an approved
// case's permit) or is missed (recorded against the department by the watchdog).
//
// SUBMITTED_AT is Monday 2026-01-05 10:00 in Asia/Shanghai (UTC+8); 5 working days from it
// end with Monday 12 January local (Tue–Fri, Mon): 2026-01-12T15:59:59.999Z.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { workflowInput } from '#adapters/workflow.ts';
import { recordPostCheck } from '#core/case/commitment.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { submitCase } from '#core/case/submission.ts';
import { notificationsFor } from '#core/notifications.ts';
import { issuePermit, type PermitDocument, type PermitRecord, permitDocument, revokeForFailedPostCheck } from '#core/permit.ts';
import { type ApplicationInput, postCheckSchema, type Service, serviceSchema } from '#core/schemas.ts';
import { departmentStats, statDeltas } from '#core/stats.ts';
import { caseView, receipt } from '#core/views.ts';
import { alertIndex, DEFAULT_WATCHDOG, watchdogStep } from '#core/watchdog.ts';
import type { CaseAggregate } from '#core/case/model.ts';
import {
  APPLICANT,
  application,
  applyChange,
  assertDomainError,
  buildingService,
  CAL,
  decided,
  plusMs,
  reviewOf,
  SUBMITTED_AT,
} from '../support/fixtures.ts';

const TEXT = '本人承诺所填信息真实，施工前满足消防与环保要求，如有不实愿承担法律责任。';
const POST_CHECK_BY = '2026-01-12T15:59:59.999Z';

/** The building permit with a commitment text; `onCommitment` departments approve on it and check within 5 working days. */
function commitmentService(onCommitment: string[]): Service {
  const service = buildingService();
  return {
    ...service,
    commitment: { text: TEXT },
    departments: service.departments.map((d) =>
      onCommitment.includes(d.code) ? { ...d, commitment: { postCheckLimit: { workingDays: 5 } } } : d,
    ),
  };
}

const signed = { ...application(), commitment: { accepted: true as const } };

function submitted(onCommitment: string[], input: ApplicationInput = signed): CaseAggregate {
  const change = submitCase({
    caseId: 'C1',
    service: commitmentService(onCommitment),
    input,
    applicantSub: APPLICANT,
    now: SUBMITTED_AT,
    calendar: CAL,
  });
  return applyChange(undefined, change);
}

function withPermit(agg: CaseAggregate, at: Date): { agg: CaseAggregate; permit: PermitRecord } {
  const document = permitDocument(agg);
  const change = issuePermit(agg, document, { algorithm: 'ECDSA_SHA_256', keyId: 'k', value: 'c2ln' }, at)!;
  return { agg: applyChange(agg, change), permit: change.permit! };
}

const check = (agg: CaseAggregate, department: string, body: Parameters<typeof recordPostCheck>[0]['check'], at: Date) =>
  recordPostCheck({ aggregate: agg, department, check: body, reviewer: `rev-${department}`, now: at });

describe('a service that approves on commitment', () => {
  it('needs its commitment text for a department to allow it', () => {
    const { commitment: _, code: __, ...service } = commitmentService(['fire']);
    const parsed = serviceSchema.safeParse(service);
    assert.equal(parsed.success, false);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      ['departments.1.commitment'],
    );
    const { code: ___, ...whole } = commitmentService(['fire']);
    assert.equal(serviceSchema.safeParse(whole).success, true);
  });

  it('a failed post-check gives its reasons; a passed one none', () => {
    assert.deepEqual(
      postCheckSchema.safeParse({ result: 'FAILED' }).error?.issues.map((i) => i.path.join('.')),
      ['reasons'],
    );
    assert.deepEqual(
      postCheckSchema.safeParse({ result: 'PASSED', reasons: ['x'] }).error?.issues.map((i) => i.path.join('.')),
      ['reasons'],
    );
    assert.equal(postCheckSchema.safeParse({ result: 'FAILED', reasons: ['消防通道被占用'] }).success, true);
  });

  it('refuses a commitment to a service that takes none, naming the field', () => {
    assertDomainError(
      () =>
        submitCase({ caseId: 'C1', service: buildingService(), input: signed, applicantSub: APPLICANT, now: SUBMITTED_AT, calendar: CAL }),
      'VALIDATION_FAILED',
      { issues: [{ path: 'commitment', message: 'this service does not approve on commitment; leave commitment out' }] },
    );
  });
});

describe('acceptance on commitment', () => {
  it('settles the departments that allow it at once, each with its post-check due; the others review as usual', () => {
    const agg = submitted(['fire', 'environment']);
    assert.equal(agg.record.status, 'IN_REVIEW');
    assert.deepEqual(agg.record.commitment, { text: TEXT, signedAt: SUBMITTED_AT.toISOString() });
    assert.deepEqual(
      agg.reviews.map((r) => [r.department, r.status, r.dueBy, r.decidedAt]),
      [
        ['planning', 'PENDING', '2026-01-05T04:00:00.000Z', undefined],
        ['fire', 'APPROVED_ON_COMMITMENT', POST_CHECK_BY, SUBMITTED_AT.toISOString()],
        ['environment', 'APPROVED_ON_COMMITMENT', POST_CHECK_BY, SUBMITTED_AT.toISOString()],
      ],
    );
    // all at the instant of acceptance (the timeline orders the review chains' events first)
    assert.deepEqual(agg.timeline.map((e) => [e.type, e.department, e.at]).sort(), [
      ['ACCEPTED', undefined, SUBMITTED_AT.toISOString()],
      ['REVIEW_APPROVED_ON_COMMITMENT', 'environment', SUBMITTED_AT.toISOString()],
      ['REVIEW_APPROVED_ON_COMMITMENT', 'fire', SUBMITTED_AT.toISOString()],
      ['SUBMITTED', undefined, SUBMITTED_AT.toISOString()],
    ]);
    // the receipt and the workflow: only planning is waited on
    assert.deepEqual(
      receipt(agg).receipt.reviews?.map((r) => [r.department, 'onCommitment' in r]),
      [
        ['planning', false],
        ['fire', true],
        ['environment', true],
      ],
    );
    assert.deepEqual(
      workflowInput(agg, SUBMITTED_AT).reviews.map((r) => r.department),
      ['planning'],
    );
  });

  it('without the applicant’s signature every department reviews', () => {
    const agg = submitted(['fire', 'environment'], application());
    assert.deepEqual(new Set(agg.reviews.map((r) => r.status)), new Set(['PENDING']));
    assert.equal(agg.record.commitment, undefined);
  });

  it('approves the case at acceptance when every department did, and its permit says so', () => {
    const agg = submitted(['planning', 'fire', 'environment']);
    assert.equal(agg.record.status, 'APPROVED');
    assert.equal(agg.timeline.at(-1)?.type, 'CASE_APPROVED');
    const document: PermitDocument = permitDocument(agg);
    assert.deepEqual(
      document.approvals.map((a) => [a.department, a.decision, a.postCheckBy]),
      [
        ['environment', 'APPROVED_ON_COMMITMENT', POST_CHECK_BY],
        ['fire', 'APPROVED_ON_COMMITMENT', POST_CHECK_BY],
        ['planning', 'APPROVED_ON_COMMITMENT', POST_CHECK_BY],
      ],
    );
    assert.deepEqual(document.commitment, { text: TEXT, signedAt: SUBMITTED_AT.toISOString() });
    assert.deepEqual(document.tacitApprovals, []);
  });

  it('tells each department whether it reviews or checks afterwards', () => {
    const agg = submitted(['fire']);
    const accepted = agg.timeline.find((e) => e.type === 'ACCEPTED')!;
    const facts = { caseId: 'C1', serviceName: '建设工程施工许可', applicantName: '张三' };
    const byRecipient = new Map(
      notificationsFor(facts, accepted).map((n) => [n.recipient.kind === 'applicant' ? 'applicant' : n.recipient.department, n]),
    );
    assert.equal(byRecipient.get('fire')?.subject, '[建设工程施工许可] Approved on commitment: post-check due');
    assert.match(byRecipient.get('fire')!.body, /post-check is due 2026-01-12T15:59:59.999Z/);
    assert.equal(byRecipient.get('planning')?.subject, '[建设工程施工许可] New review');
    assert.match(byRecipient.get('applicant')!.body, /fire: approved now on your commitment; it checks by 2026-01-12T15:59:59.999Z/);
  });
});

describe('the post-check', () => {
  const later = plusMs(SUBMITTED_AT, 3_600_000);

  it('passes once, on the record; a second check, or one on a review not approved on commitment, is refused', () => {
    const agg = submitted(['fire', 'environment']);
    const { change, review } = check(agg, 'fire', { result: 'PASSED', comment: '现场核查符合' }, later);
    assert.deepEqual(review.postCheck, { result: 'PASSED', at: later.toISOString(), by: 'rev-fire', comment: '现场核查符合' });
    assert.equal(review.status, 'APPROVED_ON_COMMITMENT');
    assert.deepEqual(
      change.events.map((e) => [e.type, e.department, e.actor]),
      [['POST_CHECK_PASSED', 'fire', 'reviewer:rev-fire']],
    );
    assert.equal(change.record, agg.record, 'a passed check leaves the case item alone');
    const after = applyChange(agg, change);
    assertDomainError(() => check(after, 'fire', { result: 'FAILED', reasons: ['x'] }, later), 'CONFLICT');
    assertDomainError(() => check(after, 'planning', { result: 'PASSED' }, later), 'CONFLICT');
    assertDomainError(() => check(after, 'police', { result: 'PASSED' }, later), 'NOT_FOUND');
  });

  it('failing while the case is in review rejects it: the other reviews close, the other checks are not needed', () => {
    const agg = submitted(['fire', 'environment']);
    const { change, review } = check(agg, 'fire', { result: 'FAILED', reasons: ['消防通道被占用'] }, later);
    assert.equal(review.status, 'REJECTED');
    const after = applyChange(agg, change);
    assert.equal(after.record.status, 'REJECTED');
    assert.deepEqual(
      after.reviews.map((r) => [r.department, r.status, r.postCheck?.result, r.postCheck?.closedAt]),
      [
        ['planning', 'CLOSED', undefined, undefined],
        ['fire', 'REJECTED', 'FAILED', undefined],
        ['environment', 'APPROVED_ON_COMMITMENT', undefined, later.toISOString()],
      ],
    );
    assert.deepEqual(
      change.events.map((e) => e.type),
      ['POST_CHECK_FAILED', 'CASE_REJECTED'],
    );
    assertDomainError(() => check(after, 'environment', { result: 'PASSED' }, later), 'CONFLICT');
  });

  it('failing after approval marks the case: its permit is revoked, once, as it is issued or afterwards', () => {
    let agg = submitted(['fire', 'environment']);
    agg = decided(agg, 'planning', 'APPROVE', plusMs(SUBMITTED_AT, 60_000));
    assert.equal(agg.record.status, 'APPROVED');
    const { agg: issued, permit } = withPermit(agg, plusMs(SUBMITTED_AT, 61_000));
    assert.equal(revokeForFailedPostCheck(issued, permit, later), null, 'nothing failed: nothing to revoke');

    const failed = applyChange(issued, check(issued, 'environment', { result: 'FAILED', reasons: ['未落实环评措施'] }, later).change);
    assert.deepEqual(failed.record.postCheckFailed, { department: 'environment', at: later.toISOString(), reasons: ['未落实环评措施'] });
    const revocation = revokeForFailedPostCheck(failed, permit, later)!;
    assert.deepEqual(
      revocation.events.map((e) => [e.type, e.actor, e.detail]),
      [['PERMIT_REVOKED', 'post-check:environment', { number: permit.number, reasons: ['未落实环评措施'] }]],
    );
    assert.equal(revocation.permit?.revoked?.by, 'post-check:environment');
    const revoked = applyChange(failed, revocation);
    assert.equal(revokeForFailedPostCheck(revoked, revocation.permit, later), null, 'revoked once');

    // a failure before the permit was issued: the permit is issued revoked
    const early = applyChange(agg, check(agg, 'fire', { result: 'FAILED', reasons: ['消防通道被占用'] }, later).change);
    const change = issuePermit(early, permitDocument(early), { algorithm: 'ECDSA_SHA_256', keyId: 'k', value: 'c2ln' }, later)!;
    assert.deepEqual(
      change.events.map((e) => e.type),
      ['PERMIT_ISSUED', 'PERMIT_REVOKED'],
    );
    assert.equal(change.permit?.revoked?.at, later.toISOString());
    assert.equal(change.record.permit?.revokedAt, later.toISOString());
  });

  it('a case withdrawn closes its open post-checks', () => {
    const agg = submitted(['fire']);
    const change = withdrawCase(agg, later);
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status, r.postCheck?.closedAt]),
      [
        ['planning', 'WITHDRAWN', undefined],
        ['environment', 'WITHDRAWN', undefined],
        ['fire', 'APPROVED_ON_COMMITMENT', later.toISOString()],
      ],
    );
  });
});

describe('a missed post-check', () => {
  const due = Date.parse(POST_CHECK_BY);

  it('is indexed for the watchdog at its due time, recorded against the department once, and may still be made', () => {
    let agg = submitted(['fire', 'environment']);
    agg = decided(agg, 'planning', 'APPROVE', plusMs(SUBMITTED_AT, 60_000));
    assert.equal(agg.record.status, 'APPROVED');
    const index = alertIndex(agg, CAL, DEFAULT_WATCHDOG);
    assert.equal(index.reviews.get('fire'), new Date(due + 1).toISOString());
    assert.equal(index.reviews.get('planning'), undefined);

    assert.equal(watchdogStep(agg, new Date(due), CAL, DEFAULT_WATCHDOG).change, null, 'not before it is due');
    const step = watchdogStep(agg, new Date(due + 1), CAL, DEFAULT_WATCHDOG);
    assert.deepEqual(
      step.change?.events.map((e) => [e.type, e.department, e.actor, e.detail]),
      [
        ['POST_CHECK_MISSED', 'fire', 'system:watchdog', { postCheckBy: POST_CHECK_BY }],
        ['POST_CHECK_MISSED', 'environment', 'system:watchdog', { postCheckBy: POST_CHECK_BY }],
      ],
    );
    const missed = applyChange(agg, step.change!);
    assert.equal(reviewOf(missed, 'fire').postCheck?.missedAt, new Date(due + 1).toISOString());
    assert.equal(alertIndex(missed, CAL, DEFAULT_WATCHDOG).reviews.get('fire'), undefined);
    assert.equal(watchdogStep(missed, new Date(due + 60_000), CAL, DEFAULT_WATCHDOG).change, null, 'recorded once');

    const late = check(missed, 'fire', { result: 'PASSED' }, new Date(due + 86_400_000));
    assert.equal(late.change.events[0]?.detail?.late, true);
    assert.equal(late.review.postCheck?.missedAt, new Date(due + 1).toISOString(), 'the miss stays on the record');

    // the statistics count commitments, checks made, failed and missed
    const all = applyChange(missed, late.change);
    const counters: Record<string, Record<string, number>> = {};
    for (const delta of statDeltas(all.record, all.timeline, CAL))
      if (delta.scope === 'DEPT')
        for (const [k, n] of Object.entries(delta.add))
          counters[delta.key] = { ...counters[delta.key], [k]: (counters[delta.key]?.[k] ?? 0) + n };
    const fire = departmentStats('2026-01', 'fire', counters.fire!);
    assert.deepEqual(
      [fire.commitments, fire.postChecksDone, fire.postChecksFailed, fire.postChecksMissed, fire.received, fire.decided],
      [1, 1, 0, 1, 1, 0],
    );
    const view = caseView(all, new Date(due + 86_400_000), CAL);
    assert.deepEqual(view.reviews.find((r) => r.department === 'fire')?.postCheck, late.review.postCheck);
  });
});
