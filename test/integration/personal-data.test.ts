// The applicant's identity number on the local stack: checked for its type at submission,
// whole only in the case itself (to its applicant, admins and reviewers of a department that
// reviews it), masked in every list, work list and notification, and in no log line of a
// full run (handlers at DEBUG, every line the process writes scanned).
// (The handlers run in this test's process, so what they write is what it writes.)
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { eventually, tasksOpen, useLocalStack, type Client } from '../support/local-stack.ts';

const ID = '440305198512120038';
const ID_X = '44030519851212002X';
const MASKED = '4403**********0038';
const MASKED_X = '4403**********002X';

// Every line this process writes (the handlers run in it), from before the stack starts; the
// handlers at DEBUG, and told to log every event (which the HTTP handlers refuse to do).
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
const written: string[] = [];
const restore: (() => void)[] = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    written.push(String(chunk));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  restore.push(() => {
    stream.write = write;
  });
}
afterAll(() => {
  for (const r of restore) r();
});

const stack = useLocalStack();
let api: Client;
let admin: string, alice: string, bob: string, planning: string, fire: string, water: string;

beforeAll(async () => {
  api = await stack();
  [admin, alice, bob, planning, fire, water] = await Promise.all([
    api.token('ada', ['admins']),
    api.token('alice', ['applicants']),
    api.token('bob', ['applicants']),
    api.token('pat', ['reviewers-planning']),
    api.token('fei', ['reviewers-fire']),
    api.token('wes', ['reviewers-water']),
  ]);
  const r = await api.call('PUT', '/services/pii', {
    token: admin,
    body: buildingServiceDefinition({
      departments: [
        { code: 'planning', name: '规划局', timeLimit: { duration: 'PT60S' } },
        { code: 'fire', name: '消防', timeLimit: { duration: 'PT3S' } },
      ],
    }),
  });
  assert.equal(r.status, 200);
});

const submit = (idNumber: string, extra: Record<string, unknown> = {}, token = alice) =>
  api.call('POST', '/applications', {
    token,
    body: { ...applicationBody('pii'), applicant: { name: '赵六', idNumber, email: 'zhao@example.org', ...extra } },
  });

describe('personal data', () => {
  it('an identity number is checked for its declared type, and the refusal does not repeat it', async () => {
    const bad = await submit('440305198512120037');
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.issues.map((i: any) => i.path),
      ['applicant.idNumber'],
    );
    assert.match(bad.body.error.issues[0].message, /check character/);
    assert.equal(JSON.stringify(bad.body).includes('440305198512120037'), false);
    const passport = await submit('E12345678', { idType: 'PASSPORT' }, bob);
    assert.equal(passport.status, 202);
    const wrongType = await submit('E12345678', {}, bob);
    assert.equal(wrongType.status, 400, 'undeclared, the number is read as a resident identity card');
  });

  it('whole in the case for its applicant, admins and reviewers of a reviewing department; masked in lists, work lists and notifications; in no log line', async () => {
    const submitted = await submit(ID);
    assert.equal(submitted.status, 202);
    const lower = await submit(ID_X.toLowerCase(), {}, bob);
    assert.equal(lower.status, 202);
    const { caseId } = submitted.body;
    await tasksOpen(api, caseId, 2);

    for (const token of [alice, admin, planning, fire]) {
      const c = await api.call('GET', `/applications/${caseId}`, { token });
      assert.equal(c.status, 200);
      assert.equal(c.body.applicant.idNumber, ID);
    }
    assert.equal((await api.call('GET', `/applications/${caseId}`, { token: water })).status, 404);
    assert.equal((await api.call('GET', `/applications/${caseId}`, { token: bob })).status, 404);

    const mine = await api.call('GET', '/applications', { token: alice });
    const all = await api.call('GET', '/applications', { token: admin });
    const work = await api.call('GET', '/reviews?department=planning', { token: planning });
    for (const [list, name] of [
      [mine, 'my cases'],
      [all, "the admins' list"],
      [work, 'the work list'],
    ] as const) {
      assert.equal(list.status, 200, name);
      const item = list.body.items.find((i: any) => i.caseId === caseId);
      assert.equal(item?.applicantIdMasked, MASKED, name);
      assert.equal(JSON.stringify(list.body).includes(ID), false, name);
    }
    const bobs = await api.call('GET', '/applications', { token: bob });
    assert.ok(bobs.body.items.some((i: any) => i.applicantIdMasked === MASKED_X));

    // planning approves with a condition; fire stays silent and is deemed to approve
    const decided = await api.call('POST', `/applications/${caseId}/reviews/planning/decision`, {
      token: planning,
      body: { decision: 'APPROVE', conditions: [`核对身份证 ${MASKED}`] },
    });
    assert.equal(decided.status, 200);
    const concluded = await eventually(async () => {
      const c = await api.call('GET', `/applications/${caseId}`, { token: alice });
      return c.body.outcome && c.body;
    }, 'the case to conclude');
    assert.equal(concluded.outcome, 'APPROVED');

    const outbox = await eventually(async () => {
      const r = await api.call('GET', '/local/outbox');
      const mineOut = r.body.items.filter((n: any) => n.caseId === caseId);
      return mineOut.some((n: any) => n.eventType === 'CASE_APPROVED') && mineOut;
    }, 'the notifications of the case');
    const toDepartment = outbox.find((n: any) => n.recipient.kind === 'department' && n.eventType === 'ACCEPTED');
    assert.ok(toDepartment, 'a department was told of the new application');
    assert.ok(toDepartment.body.includes(MASKED), toDepartment.body);
    assert.equal(JSON.stringify(outbox).includes(ID), false);

    // every line written in the run (the stack's handlers at DEBUG included)
    const text = written.join('');
    const handlerLines = text.split('\n').filter((l) => l.includes('"service":"one-stop"'));
    assert.ok(handlerLines.length >= 2, 'the handlers logged: the scan has something to scan');
    for (const whole of [ID, ID_X, ID_X.toLowerCase(), 'E12345678'])
      assert.equal(text.includes(whole), false, `${whole} appears in what the run wrote`);
  });
});
