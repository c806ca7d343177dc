// The approval loop over HTTP against the local stack: submit, route, review in parallel,
// decide, deemed approval at the deadline, outcome, withdrawal.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { eventually, tasksOpen, useLocalStack, type Client } from '../support/local-stack.ts';

const stack = useLocalStack();
let api: Client;
let admin: string, alice: string, planning: string, fire: string, environment: string;

async function publish(code: string, overrides: Parameters<typeof buildingServiceDefinition>[0] = {}) {
  const r = await api.call('PUT', `/services/${code}`, { token: admin, body: buildingServiceDefinition(overrides) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

async function submit(code: string, form?: Record<string, unknown>) {
  const r = await api.call('POST', '/applications', { token: alice, body: applicationBody(code, form) });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  return r.body as { caseId: string; status: string; receipt: { reviews: { department: string; dueBy: string }[] } };
}

const getCase = async (caseId: string, token = alice) => (await api.call('GET', `/applications/${caseId}`, { token })).body;
const decide = (caseId: string, department: string, token: string, body: object) =>
  api.call('POST', `/applications/${caseId}/reviews/${department}/decision`, { token, body });

async function dispatched(caseId: string, count: number) {
  await tasksOpen(api, caseId, count);
  return getCase(caseId);
}

const outcome = (caseId: string) =>
  eventually(async () => {
    const c = await getCase(caseId);
    return c.outcome && c;
  }, 'the outcome');

beforeAll(async () => {
  api = await stack();
  admin = await api.token('ada', ['admins']);
  alice = await api.token('alice', ['applicants']);
  planning = await api.token('pat', ['reviewers-planning']);
  fire = await api.token('fei', ['reviewers-fire']);
  environment = await api.token('eve', ['reviewers-environment']);
  await publish('building');
});

describe('submission and routing', () => {
  it('accepts a complete application with a receipt naming every reviewing department and its due date', async () => {
    const before = Date.now();
    const { caseId, status, receipt } = await submit('building', { projectName: '滨江大厦', floorArea: 350 });
    assert.match(caseId, /^[0-9A-Z]{26}$/);
    assert.equal(status, 'IN_REVIEW');
    assert.deepEqual(receipt.reviews.map((r) => r.department).sort(), ['environment', 'fire', 'planning']);
    for (const r of receipt.reviews) {
      const due = Date.parse(r.dueBy);
      assert.ok(due >= before + 60_000 && due <= Date.now() + 60_000, `dueBy ${r.dueBy} is 60 s after acceptance`);
    }
  });

  it('routes fire safety only when the floor area is above 200', async () => {
    const small = await submit('building', { projectName: '小店', floorArea: 200 });
    assert.deepEqual(small.receipt.reviews.map((r) => r.department).sort(), ['environment', 'planning']);
    const c = await dispatched(small.caseId, 2);
    assert.deepEqual(c.reviews.map((r: any) => r.department).sort(), ['environment', 'planning']);
  });

  it('dispatches every review in parallel and lists them on each department’s work list', async () => {
    const { caseId } = await submit('building');
    await dispatched(caseId, 3);
    for (const [department, token] of [
      ['planning', planning],
      ['fire', fire],
      ['environment', environment],
    ] as const) {
      const list = await api.call('GET', `/reviews?department=${department}&status=PENDING`, { token });
      assert.equal(list.status, 200);
      const task = list.body.items.find((t: any) => t.caseId === caseId);
      assert.ok(task, `${department} sees the case`);
      assert.equal(task.serviceCode, 'building');
      assert.equal(task.applicantName, '李四');
      const dues = list.body.items.map((t: any) => t.dueBy);
      assert.deepEqual(dues, [...dues].sort(), 'earliest due first');
    }
  });
});

describe('decisions and outcome', () => {
  it('approves the case when every department approves, with conditions kept', async () => {
    const { caseId } = await submit('building');
    await dispatched(caseId, 3);
    const p = await decide(caseId, 'planning', planning, { decision: 'APPROVE', conditions: ['退线不少于10米'] });
    assert.equal(p.status, 200);
    assert.equal(p.body.status, 'APPROVED');
    assert.deepEqual(p.body.conditions, ['退线不少于10米']);
    assert.equal((await decide(caseId, 'fire', fire, { decision: 'APPROVE' })).status, 200);
    assert.equal((await decide(caseId, 'environment', environment, { decision: 'APPROVE', comment: '同意' })).status, 200);
    const c = await outcome(caseId);
    assert.equal(c.status, 'APPROVED');
    assert.equal(c.outcome, 'APPROVED');
    const types = c.timeline.map((e: any) => e.type);
    assert.deepEqual(types.slice(0, 2), ['SUBMITTED', 'ACCEPTED']);
    assert.equal(types.filter((t: string) => t === 'REVIEW_APPROVED').length, 3);
    // the outcome is the last event of the decision (the permit issued from it may follow)
    assert.equal(types.filter((t: string) => t !== 'PERMIT_ISSUED').at(-1), 'CASE_APPROVED');
    const approved = c.timeline.find((e: any) => e.type === 'CASE_APPROVED');
    assert.deepEqual(approved.detail.conditions, [{ department: 'planning', conditions: ['退线不少于10米'] }]);
    // each chain (the case's own, each department's review) is numbered without gaps
    for (const chain of new Set(c.timeline.map((e: any) => e.department ?? ''))) {
      const seqs = c.timeline.filter((e: any) => (e.department ?? '') === chain).map((e: any) => e.seq);
      assert.deepEqual(
        seqs,
        seqs.map((_: number, i: number) => i + 1),
        `chain ${chain || 'case'} is numbered without gaps`,
      );
    }
  });

  it('a rejection rejects the case at once: the other reviews are CLOSED, a second or late decision answers 409 with what won', async () => {
    const { caseId } = await submit('building');
    await dispatched(caseId, 3);
    await decide(caseId, 'planning', planning, { decision: 'APPROVE' });
    const r = await decide(caseId, 'fire', fire, { decision: 'REJECT', comment: '疏散通道不足' });
    assert.equal(r.status, 200);
    // known at once: no waiting for the department still reviewing
    const c = await getCase(caseId);
    assert.equal(c.status, 'REJECTED');
    assert.equal(c.outcome, 'REJECTED');
    assert.deepEqual(c.timeline.at(-1).detail, { rejectedBy: ['fire'], closed: ['environment'] });
    const env = c.reviews.find((x: any) => x.department === 'environment');
    assert.equal(env.status, 'CLOSED');
    assert.equal(env.defaultedBy, undefined, 'no default recorded against a closed review');
    const again = await decide(caseId, 'fire', fire, { decision: 'APPROVE' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'REVIEW_ALREADY_SETTLED');
    assert.equal(again.body.error.settledAs, 'REJECTED');
    assert.equal(again.body.error.settledAt, r.body.decidedAt);
    const closed = await decide(caseId, 'environment', environment, { decision: 'APPROVE' });
    assert.equal(closed.status, 409);
    assert.equal(closed.body.error.settledAs, 'CLOSED');
    // the workflow ends: the closed review's task was ended, not left to time out
    await eventually(async () => (await api.call('GET', `/local/executions/${caseId}`)).body.status === 'SUCCEEDED', 'the workflow to end');
    // the applicant is told once, and the department whose review closed is told it need not decide
    const told = await eventually(async () => {
      const items = (await api.call('GET', '/local/outbox')).body.items.filter(
        (m: any) => m.caseId === caseId && m.eventType === 'CASE_REJECTED',
      );
      const to = (kind: string) => items.filter((m: any) => m.recipient.kind === kind);
      return to('applicant').length && to('department').length && items;
    }, 'the rejection notices');
    assert.equal(told.filter((m: any) => m.recipient.kind === 'applicant').length, 1);
    assert.deepEqual(
      told.filter((m: any) => m.recipient.kind === 'department').map((m: any) => m.recipient.department),
      ['environment'],
    );
    const fireReview = c.reviews.find((x: any) => x.department === 'fire');
    assert.equal(fireReview.comment, '疏散通道不足');
    assert.equal(fireReview.decidedBy, 'fei');
  });

  it('a decision needs reasons to reject', async () => {
    const { caseId } = await submit('building');
    const r = await decide(caseId, 'fire', fire, { decision: 'REJECT' });
    assert.equal(r.status, 400);
    assert.deepEqual(
      r.body.error.issues.map((i: any) => i.path),
      ['comment'],
    );
  });

  it('decided reviews leave the pending work list, and keep what the list shows', async () => {
    const { caseId } = await submit('building');
    await dispatched(caseId, 3);
    await decide(caseId, 'planning', planning, { decision: 'APPROVE' });
    const pending = await api.call('GET', '/reviews?department=planning&status=PENDING', { token: planning });
    assert.ok(!pending.body.items.some((t: any) => t.caseId === caseId));
    const approved = await api.call('GET', '/reviews?department=planning&status=APPROVED', { token: planning });
    const task = approved.body.items.find((t: any) => t.caseId === caseId);
    assert.equal(task?.applicantName, '李四', 'a settled review still names its applicant on the work list');
  });
});

describe('deadline', () => {
  it('settles a silent department as DEEMED_APPROVED no earlier than its due time and within seconds after', async () => {
    await publish('quick', {
      departments: [
        { code: 'planning', name: '规划局', timeLimit: { duration: 'PT3S' } },
        { code: 'fire', name: '消防', timeLimit: { duration: 'PT60S' } },
      ],
    });
    const { caseId, receipt } = await submit('quick');
    await dispatched(caseId, 2);
    await decide(caseId, 'fire', fire, { decision: 'APPROVE' });
    const c = await outcome(caseId);
    const planningReview = c.reviews.find((r: any) => r.department === 'planning');
    assert.equal(planningReview.status, 'DEEMED_APPROVED');
    assert.equal(planningReview.decidedBy, 'system:deadline');
    assert.equal(planningReview.defaultedBy, 'planning');
    const due = Date.parse(receipt.reviews.find((r) => r.department === 'planning')!.dueBy);
    const settled = Date.parse(planningReview.decidedAt);
    assert.ok(settled >= due, 'not before the due time');
    assert.ok(settled - due < 5_000, `within a few seconds of the due time (was ${settled - due} ms)`);
    const event = c.timeline.find((e: any) => e.type === 'REVIEW_DEEMED_APPROVED');
    assert.equal(event.department, 'planning');
    assert.equal(event.actor, 'system:deadline');
    assert.deepEqual(event.detail, {
      defaultedBy: 'planning',
      dueBy: planningReview.dueBy,
      settledAt: planningReview.decidedAt,
      opinionBy: planningReview.opinionBy,
    });
    assert.ok(Date.parse(planningReview.opinionBy) > Date.parse(planningReview.decidedAt), 'the department may still file its opinion');
    assert.equal(c.outcome, 'APPROVED');
    const late = await decide(caseId, 'planning', planning, { decision: 'REJECT', comment: '太晚了' });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.settledAs, 'DEEMED_APPROVED');
  });

  it('a decision racing the deadline settles the review exactly once', async () => {
    const departments = Array.from({ length: 6 }, (_, i) => ({ code: `d${i}`, name: `Dept ${i}`, timeLimit: { duration: 'PT2S' } }));
    await publish('race', { departments });
    const tokens = await Promise.all(departments.map((d) => api.token(`r-${d.code}`, [`reviewers-${d.code}`])));
    const { caseId, receipt } = await submit('race');
    const due = Date.parse(receipt.reviews[0].dueBy);
    // Each department decides a little before, at, or after the deadline.
    const answers = await Promise.all(
      departments.map(async (d, i) => {
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now() + (i - 3) * 15)));
        return decide(caseId, d.code, tokens[i], { decision: 'REJECT', comment: 'racing' });
      }),
    );
    const c = await outcome(caseId);
    // a review is settled by its own event, or closed by the outcome (a rejection came first)
    const closed: string[] = c.timeline.find((e: any) => e.type === 'CASE_REJECTED')?.detail.closed ?? [];
    for (const [i, d] of departments.entries()) {
      const settlements = c.timeline.filter(
        (e: any) => e.department === d.code && ['REVIEW_REJECTED', 'REVIEW_DEEMED_APPROVED'].includes(e.type),
      );
      assert.equal(settlements.length + (closed.includes(d.code) ? 1 : 0), 1, `${d.code} settled exactly once`);
      const review = c.reviews.find((r: any) => r.department === d.code);
      if (answers[i].status === 200) assert.equal(review.status, 'REJECTED');
      else {
        assert.equal(answers[i].status, 409);
        assert.ok(['DEEMED_APPROVED', 'CLOSED'].includes(answers[i].body.error.settledAs), answers[i].body.error.settledAs);
        assert.equal(review.status, answers[i].body.error.settledAs);
      }
    }
    assert.equal(c.outcome, c.reviews.some((r: any) => r.status === 'REJECTED') ? 'REJECTED' : 'APPROVED');
    assert.equal(c.timeline.filter((e: any) => e.type.startsWith('CASE_')).length, 1, 'one outcome');
  });
});

describe('withdrawal', () => {
  it('the applicant withdraws before the outcome; pending reviews then answer 409', async () => {
    const { caseId } = await submit('building');
    await dispatched(caseId, 3);
    await decide(caseId, 'planning', planning, { decision: 'APPROVE' });
    const w = await api.call('POST', `/applications/${caseId}/withdraw`, { token: alice });
    assert.equal(w.status, 200);
    assert.equal(w.body.status, 'WITHDRAWN');
    assert.equal(w.body.reviews.find((r: any) => r.department === 'planning').status, 'APPROVED');
    assert.equal(w.body.reviews.find((r: any) => r.department === 'fire').status, 'WITHDRAWN');
    const r = await decide(caseId, 'fire', fire, { decision: 'APPROVE' });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'REVIEW_ALREADY_SETTLED');
    assert.equal(r.body.error.settledAs, 'WITHDRAWN');
    const again = await api.call('POST', `/applications/${caseId}/withdraw`, { token: alice });
    assert.equal(again.status, 409);
    const execution = await eventually(async () => {
      const e = api.stack.stepFunctions.executions.get(caseId);
      return e && e.status !== 'RUNNING' && e;
    }, 'the execution to stop');
    assert.equal(execution.status, 'ABORTED');
    const c = await getCase(caseId);
    assert.equal(c.status, 'WITHDRAWN');
    assert.equal(c.outcome, undefined);
  });

  it('a case with an outcome cannot be withdrawn', async () => {
    await publish('solo', { departments: [{ code: 'planning', name: '规划局', timeLimit: { duration: 'PT60S' } }] });
    const { caseId } = await submit('solo');
    await dispatched(caseId, 1);
    await decide(caseId, 'planning', planning, { decision: 'APPROVE' });
    await outcome(caseId);
    const w = await api.call('POST', `/applications/${caseId}/withdraw`, { token: alice });
    assert.equal(w.status, 409);
    assert.equal(w.body.error.code, 'CONFLICT');
  });
});

describe('listing', () => {
  it('an applicant lists their own cases newest first, filtered by status, with a cursor', async () => {
    const bob = await api.token('bob', ['applicants']);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await api.call('POST', '/applications', { token: bob, body: applicationBody('building') });
      ids.push(r.body.caseId);
    }
    const first = await api.call('GET', '/applications?limit=2', { token: bob });
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await api.call('GET', `/applications?limit=2&cursor=${first.body.nextCursor}`, { token: bob });
    const seen = [...first.body.items, ...second.body.items].map((c: any) => c.caseId);
    assert.deepEqual(seen, [...ids].reverse());
    const aliceSees = await api.call('GET', '/applications?limit=100', { token: alice });
    assert.ok(!aliceSees.body.items.some((c: any) => ids.includes(c.caseId)), 'another applicant’s cases are not listed');
    const adminSees = await api.call('GET', '/applications?limit=100&status=IN_REVIEW', { token: admin });
    assert.ok(ids.every((id) => adminSees.body.items.some((c: any) => c.caseId === id)));
    assert.ok(adminSees.body.items.every((c: any) => c.status === 'IN_REVIEW'));
    const bad = await api.call('GET', '/applications?cursor=not-a-cursor', { token: bob });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'cursor');
    const crafted = Buffer.from(JSON.stringify({ x: 1 })).toString('base64url');
    for (const path of [`/applications?cursor=${crafted}`, `/reviews?department=planning&cursor=${crafted}`]) {
      const r = await api.call('GET', path, { token: admin });
      assert.equal(r.status, 400, path);
      assert.equal(r.body.error.issues[0].path, 'cursor');
    }
    // a cursor is good only for the list it came from: truncated, altered, or replayed by
    // another caller or on another list, it is refused, never a page of someone else's items
    const cursor = first.body.nextCursor as string;
    const [payload, signature] = cursor.split('.');
    const altered = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace(/"v":2/, '"v":2 ')).toString('base64url');
    const refusals: [string, string][] = [
      [`/applications?limit=2&cursor=${cursor.slice(0, -2)}`, bob],
      [`/applications?limit=2&cursor=${payload}`, bob],
      [`/applications?limit=2&cursor=${altered}.${signature}`, bob],
      [`/applications?limit=2&cursor=${cursor}`, alice],
      [`/applications?limit=2&cursor=${cursor}`, admin],
      [`/applications?limit=2&status=IN_REVIEW&cursor=${cursor}`, bob],
      [`/reviews?department=planning&cursor=${cursor}`, admin],
    ];
    for (const [path, token] of refusals) {
      const r = await api.call('GET', path, { token });
      assert.equal(r.status, 400, path);
      assert.equal(r.body.error.code, 'VALIDATION_FAILED');
      assert.equal(r.body.error.issues[0].path, 'cursor');
    }
  });

  it('lists kept in write shards read as one: every case once, in order, page after page', async () => {
    const carol = await api.token('carol', ['applicants']);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push((await api.call('POST', '/applications', { token: carol, body: applicationBody('building') })).body.caseId);
    /** Every item of a list, `limit` at a time. */
    async function walk(path: string, token: string, limit: number) {
      const items: any[] = [];
      let cursor: string | undefined;
      do {
        const r = await api.call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, {
          token,
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.ok(r.body.items.length <= limit);
        items.push(...r.body.items);
        cursor = r.body.nextCursor;
      } while (cursor);
      return items;
    }
    // every case, newest first, across the shards of the all-cases list
    const listed = await walk('/applications', admin, 5);
    const all = listed.map((c: any) => c.caseId);
    assert.equal(new Set(all).size, all.length, 'no case twice');
    assert.deepEqual(
      all.filter((id: string) => ids.includes(id)),
      [...ids].reverse(),
    );
    const order = listed.map((c: any) => `${c.submittedAt}#${c.caseId}`);
    assert.deepEqual(order, [...order].sort().reverse(), 'newest first');
    // a department's work list, earliest due first, across its shards
    const tasks = await walk('/reviews?department=planning&status=PENDING', planning, 3);
    const mine = tasks.filter((t: any) => ids.includes(t.caseId));
    assert.equal(mine.length, ids.length);
    assert.equal(new Set(tasks.map((t: any) => t.caseId)).size, tasks.length);
    const due = tasks.map((t: any) => `${t.dueBy}#${t.caseId}`);
    assert.deepEqual(due, [...due].sort());
  });
});

describe('audit trail', () => {
  it('every event is chained by hash; altering, re-hashing or removing any stored event is detected', async () => {
    const { caseId } = await submit('building');
    await dispatched(caseId, 3);
    await decide(caseId, 'planning', planning, { decision: 'APPROVE', conditions: ['按图施工'] });
    await decide(caseId, 'fire', fire, { decision: 'APPROVE' });
    await decide(caseId, 'environment', environment, { decision: 'APPROVE' });
    await outcome(caseId);
    // the approval issues the permit: the case's chain ends with it
    const c = await eventually(async () => {
      const c = await getCase(caseId);
      return c.permit && c;
    }, 'the permit');
    const audit = await api.call('GET', `/applications/${caseId}/audit`, { token: alice });
    assert.equal(audit.status, 200);
    assert.equal(audit.body.verification.valid, true);
    assert.equal(audit.body.events.length, c.timeline.length);
    assert.equal(audit.body.verification.head, audit.body.events.at(-1).hash);
    assert.equal(
      (await api.call('GET', `/applications/${caseId}/audit`, { token: await api.token('mallory', ['applicants']) })).status,
      404,
    );

    const { documents } = await import('#adapters/clients.ts');
    const { GetCommand, PutCommand, DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { eventHash } = await import('#core/audit.ts');
    const { casePk, eventSk } = await import('#adapters/case-keys.ts');
    const key = (e: any) => ({ PK: casePk(caseId), SK: eventSk(e) });
    const verify = async () => (await api.call('GET', `/applications/${caseId}/audit`, { token: admin })).body.verification;
    const lastEvent = audit.body.events.at(-1);
    assert.equal(lastEvent.type, 'PERMIT_ISSUED');
    const outcomeEvent = audit.body.events.find((e: any) => e.type === 'CASE_APPROVED');
    assert.deepEqual(
      Object.keys(outcomeEvent.anchors).sort(),
      ['environment', 'fire', 'planning'],
      'the outcome anchors every review chain',
    );
    for (const event of audit.body.events) {
      const where = { seq: event.seq, ...(event.department ? { department: event.department } : {}) };
      const next = audit.body.events.find((e: any) => e.department === event.department && e.seq === event.seq + 1);
      const { Item } = await documents.send(new GetCommand({ TableName: 'one-stop', Key: key(event) }));
      const original = Item!;
      // 1. the content changed
      await documents.send(new PutCommand({ TableName: 'one-stop', Item: { ...original, actor: 'reviewer:someone-else' } }));
      assert.deepEqual((await verify()).brokenAt, { ...where, reason: 'its content does not match its hash' });
      // 2. the content changed and the event re-hashed to match: the next event no longer links
      const forged: Record<string, any> = { ...original, at: '2020-01-01T00:00:00.000Z' };
      forged.hash = eventHash(caseId, original.prevHash, forged as any);
      await documents.send(new PutCommand({ TableName: 'one-stop', Item: forged }));
      const broken = await verify();
      if (next)
        assert.deepEqual(broken.brokenAt, {
          seq: next.seq,
          ...(next.department ? { department: next.department } : {}),
          reason: 'does not link to the event before it',
        });
      else if (event.department) assert.equal(broken.brokenAt.seq, outcomeEvent.seq, 'the outcome anchored the review event');
      else assert.notEqual(broken.head, audit.body.verification.head, 'a forged last event changes the head a reader kept');
      // 3. the event removed: only the very last one needs the head a reader kept
      await documents.send(new DeleteCommand({ TableName: 'one-stop', Key: key(event) }));
      assert.equal((await verify()).valid, event === lastEvent);
      await documents.send(new PutCommand({ TableName: 'one-stop', Item: original }));
    }
    assert.equal((await verify()).valid, true);
  });
});

describe('notifications', () => {
  it('applicant and departments are told, once per event, through the outbox', async () => {
    for (const code of ['planning', 'fire', 'environment'])
      assert.equal(
        (
          await api.call('PUT', `/departments/${code}`, {
            token: admin,
            body: { emails: [`${code}@gov.example`], adminEmails: [`${code}-chief@gov.example`] },
          })
        ).status,
        200,
      );
    await publish('noisy', {
      departments: [
        { code: 'planning', name: '规划局', timeLimit: { duration: 'PT2S' } },
        { code: 'fire', name: '消防', timeLimit: { duration: 'PT60S' } },
      ],
    });
    const r = await api.call('POST', '/applications', {
      token: alice,
      body: { ...applicationBody('noisy'), applicant: { name: '李四', idNumber: '110105194910010015', email: 'lisi@example.com' } },
    });
    const { caseId } = r.body;
    await dispatched(caseId, 2);
    await decide(caseId, 'fire', fire, { decision: 'APPROVE', conditions: ['每年检查'] });
    await outcome(caseId);
    const mail = await eventually(async () => {
      const items = (await api.call('GET', '/local/outbox')).body.items.filter((m: any) => m.caseId === caseId);
      return ['CASE_APPROVED', 'REVIEW_DEEMED_APPROVED'].every((type) => items.some((m: any) => m.eventType === type)) && items;
    }, 'the notifications');
    const summary = mail.map((m: any) => `${m.eventType} -> ${m.to.join(',')}`).sort();
    assert.deepEqual(summary, [
      'ACCEPTED -> fire@gov.example',
      'ACCEPTED -> lisi@example.com',
      'ACCEPTED -> planning@gov.example',
      'CASE_APPROVED -> lisi@example.com',
      'REVIEW_DEEMED_APPROVED -> planning@gov.example',
    ]);
    const approved = mail.find((m: any) => m.eventType === 'CASE_APPROVED');
    assert.match(approved.body, /每年检查/);
    // the approval names the permit, issued with it: no notice of its own
    assert.match(approved.body, new RegExp(`Your permit is P-${caseId}`));
    // A duplicate delivery of a notification is not delivered twice.
    const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient({});
    const { to: _to, deliveredAt: _at, ...notification } = approved;
    await sqs.send(new SendMessageCommand({ QueueUrl: api.stack.queueUrls.notifications, MessageBody: JSON.stringify(notification) }));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const again = (await api.call('GET', '/local/outbox')).body.items.filter((m: any) => m.id === approved.id);
    assert.equal(again.length, 1);
    sqs.destroy();
  });
});

describe('statistics', () => {
  it('per department and per service, from counters the changes maintain', async () => {
    await publish('counted', {
      departments: [
        { code: 's1', name: 'S1', timeLimit: { duration: 'PT60S' } },
        { code: 's2', name: 'S2', timeLimit: { duration: 'PT1S' } },
        { code: 's3', name: 'S3', timeLimit: { duration: 'PT60S' } },
      ],
    });
    const [s1, s3] = await Promise.all([api.token('r1', ['reviewers-s1']), api.token('r3', ['reviewers-s3'])]);
    const a = (await submit('counted')).caseId;
    const b = (await submit('counted')).caseId;
    const c = (await submit('counted')).caseId;
    assert.equal((await api.call('POST', `/applications/${c}/withdraw`, { token: alice })).status, 200);
    await decide(a, 's1', s1, { decision: 'APPROVE' });
    await decide(a, 's3', s3, { decision: 'REJECT', comment: '不符合规划' });
    await decide(b, 's1', s1, { decision: 'APPROVE' });
    await decide(b, 's3', s3, { decision: 'APPROVE' });
    await outcome(a);
    await outcome(b);
    const departments = await api.call('GET', '/stats/departments');
    assert.equal(departments.status, 200);
    const of = (code: string) => departments.body.items.find((x: any) => x.department === code);
    assert.deepEqual(
      {
        received: of('s1').received,
        decided: of('s1').decided,
        onTime: of('s1').decidedOnTime,
        defaults: of('s1').deemedApprovals,
        median: of('s1').medianWorkingDaysToDecide,
      },
      { received: 3, decided: 2, onTime: 2, defaults: 0, median: 0 },
    );
    // s2 defaults on b; on a it is CLOSED by s3's rejection (not a default) unless its 1 s ran out first
    const s2Deemed = (await Promise.all([a, b].map((id) => getCase(id, admin)))).filter(
      (x) => x.reviews.find((r: any) => r.department === 's2').status === 'DEEMED_APPROVED',
    ).length;
    assert.ok(s2Deemed >= 1);
    assert.deepEqual(
      { received: of('s2').received, decided: of('s2').decided, defaults: of('s2').deemedApprovals },
      { received: 3, decided: 0, defaults: s2Deemed },
    );
    assert.deepEqual(
      { approved: of('s3').approved, rejected: of('s3').rejected, p90: of('s3').p90WorkingDaysToDecide },
      { approved: 1, rejected: 1, p90: 0 },
    );
    const services = await api.call('GET', `/stats/services?period=${departments.body.period}`);
    const counted = services.body.items.find((x: any) => x.serviceCode === 'counted');
    assert.deepEqual(counted.outcomes, { approved: 1, rejected: 1, lapsed: 0, withdrawn: 1 });
    assert.equal(counted.cases, 3);
    assert.equal(counted.medianWorkingDaysToOutcome, 0);
    assert.equal((await api.call('GET', '/stats/services?period=2026-13')).status, 400);
    assert.deepEqual((await api.call('GET', '/stats/services?period=2019-01')).body.items, []);
  });
});
