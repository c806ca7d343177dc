// The legal clock over HTTP: completeness at intake, receipts, correction rounds,
// extensions, the working-day calendar and its changes.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { defaultCalendar, nextWorkingDay, startDay, workingDaysDue, type Calendar } from '#core/calendar.ts';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { eventually, tasksOpen, useLocalStack, type Client } from '../support/local-stack.ts';

const stack = useLocalStack();
let api: Client;
let admin: string, alice: string, planning: string, fire: string, environment: string;

beforeAll(async () => {
  api = await stack();
  [admin, alice, planning, fire, environment] = await Promise.all([
    api.token('ada', ['admins']),
    api.token('alice', ['applicants']),
    api.token('pat', ['reviewers-planning']),
    api.token('fei', ['reviewers-fire']),
    api.token('eve', ['reviewers-environment']),
  ]);
});

const publish = async (code: string, overrides: Parameters<typeof buildingServiceDefinition>[0] = {}) =>
  assert.equal((await api.call('PUT', `/services/${code}`, { token: admin, body: buildingServiceDefinition(overrides) })).status, 200);
const getCase = async (caseId: string) => (await api.call('GET', `/applications/${caseId}`, { token: alice })).body;
const decide = (caseId: string, department: string, token: string, body: object) =>
  api.call('POST', `/applications/${caseId}/reviews/${department}/decision`, { token, body });
const dispatched = (caseId: string, n: number) => tasksOpen(api, caseId, n);

describe('completeness at intake', () => {
  beforeAll(() =>
    publish('permit', {
      materials: [
        { id: 'site-plan', name: '总平面图', required: true },
        { id: 'licence', name: '营业执照', required: true },
        { id: 'photos', name: '现场照片', required: false },
      ],
      form: {
        fields: [
          { name: 'projectName', type: 'string', required: true, max: 50 },
          { name: 'floorArea', type: 'number', required: true, min: 1 },
          { name: 'storeys', type: 'integer', min: 1, max: 100 },
          { name: 'use', type: 'enum', options: ['retail', 'office'], required: true },
          { name: 'startDate', type: 'date' },
          { name: 'contactPhone', type: 'string', pattern: '^1\\d{10}$' },
        ],
      },
    }),
  );

  it('reports every missing or invalid item in one receipt, and starts no clock', async () => {
    const r = await api.call('POST', '/applications', {
      token: alice,
      body: {
        ...applicationBody('permit', { floorArea: 0, storeys: 2.5, use: 'factory', startDate: '2026-02-30', contactPhone: '12345' }),
        materials: [{ id: 'photos', name: 'p.jpg' }],
      },
    });
    assert.equal(r.status, 202);
    assert.equal(r.body.status, 'INCOMPLETE');
    const paths = r.body.receipt.missing.map((i: any) => i.path).sort();
    assert.deepEqual(paths, [
      'form.contactPhone',
      'form.floorArea',
      'form.projectName',
      'form.startDate',
      'form.storeys',
      'form.use',
      'materials.licence',
      'materials.site-plan',
    ]);
    const c = await getCase(r.body.caseId);
    assert.equal(c.status, 'INCOMPLETE');
    assert.deepEqual(c.reviews, []);
    assert.equal(api.stack.stepFunctions.executions.get(r.body.caseId), undefined, 'no workflow for an incomplete case');
    const work = await api.call('GET', '/reviews?department=planning', { token: planning });
    assert.ok(!work.body.items.some((t: any) => t.caseId === r.body.caseId));
  });

  it('the applicant completes it with corrections; complete, it is accepted and routed', async () => {
    const r = await api.call('POST', '/applications', {
      token: alice,
      body: { ...applicationBody('permit', { projectName: '花园' }), materials: [] },
    });
    const { caseId } = r.body;
    const partial = await api.call('POST', `/applications/${caseId}/corrections`, {
      token: alice,
      body: { form: { floorArea: 500, use: 'retail' }, materials: [{ id: 'site-plan', name: '总平面图.pdf' }] },
    });
    assert.equal(partial.status, 200);
    assert.equal(partial.body.status, 'INCOMPLETE');
    assert.deepEqual(
      partial.body.missing.map((i: any) => i.path),
      ['materials.licence'],
    );
    const done = await api.call('POST', `/applications/${caseId}/corrections`, {
      token: alice,
      body: { materials: [{ id: 'licence', name: '营业执照.pdf' }] },
    });
    assert.equal(done.status, 200);
    assert.equal(done.body.status, 'IN_REVIEW');
    assert.deepEqual(done.body.reviews.map((x: any) => x.department).sort(), ['environment', 'fire', 'planning']);
    assert.ok(Date.parse(done.body.acceptedAt) > Date.parse(done.body.submittedAt));
    assert.deepEqual(
      done.body.timeline.map((e: any) => e.type),
      ['SUBMITTED', 'INCOMPLETE', 'CORRECTED', 'INCOMPLETE', 'CORRECTED', 'ACCEPTED'],
    );
    await dispatched(caseId, 3);
    const other = await api.call('POST', `/applications/${caseId}/corrections`, {
      token: await api.token('mallory', ['applicants']),
      body: { form: {} },
    });
    assert.equal(other.status, 404);
  });

  it('the receipt states each due date, the tacit-approval rule and the redress route', async () => {
    await publish('worded', { receipt: { redress: '不服的，可以在六十日内向市人民政府申请行政复议。' } });
    const r = await api.call('POST', '/applications', { token: alice, body: applicationBody('worded') });
    assert.equal(r.body.receipt.redress, '不服的，可以在六十日内向市人民政府申请行政复议。');
    assert.match(r.body.receipt.tacitApproval, /deemed to approve/);
    assert.equal(r.body.receipt.reviews.length, 3);
    assert.equal(typeof r.body.receipt.calendarVersion, 'number');
  });
});

describe('corrections and extensions', () => {
  beforeAll(() =>
    publish('fixable', {
      correctionWindow: { duration: 'PT2S' },
      correctionLimit: { duration: 'PT60S' },
      departments: [
        { code: 'planning', name: '规划局', timeLimit: { duration: 'PT60S' } },
        { code: 'fire', name: '消防', timeLimit: { duration: 'PT60S' } },
        { code: 'environment', name: '环保', timeLimit: { duration: 'PT60S' } },
      ],
    }),
  );

  it('requests from several departments in the window reach the applicant as one; the correction restarts them', async () => {
    const { caseId } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('fixable') })).body;
    await dispatched(caseId, 3);
    const missingItems = await decide(caseId, 'planning', planning, { decision: 'REQUEST_CORRECTION' });
    assert.equal(missingItems.status, 400);
    assert.equal(missingItems.body.error.issues[0].path, 'requested');
    const p = await decide(caseId, 'planning', planning, {
      decision: 'REQUEST_CORRECTION',
      requested: [{ id: 'site-plan', reason: '缺少比例尺' }],
    });
    assert.equal(p.status, 200);
    assert.equal(p.body.status, 'CORRECTION_REQUESTED');
    const f = await decide(caseId, 'fire', fire, {
      decision: 'REQUEST_CORRECTION',
      requested: [{ id: 'floorArea', reason: '面积与图纸不符' }],
    });
    assert.equal(f.status, 200);
    const again = await decide(caseId, 'planning', planning, { decision: 'APPROVE' });
    assert.equal(again.status, 409, 'a stopped review waits for the applicant');
    const c = await eventually(async () => {
      const body = await getCase(caseId);
      return body.correction?.noticeAt && body;
    }, 'the merged notice');
    assert.deepEqual(
      c.correction.requests.map((r: any) => r.department),
      ['planning', 'fire'],
    );
    assert.equal(c.timeline.filter((e: any) => e.type === 'CORRECTION_NOTICE').length, 1);
    const planningView = c.reviews.find((r: any) => r.department === 'planning');
    assert.deepEqual(planningView.progress, { waitingFor: 'applicant', clockStopped: true });
    assert.equal(c.reviews.find((r: any) => r.department === 'environment').progress.waitingFor, 'department');
    const twice = await decide(caseId, 'environment', environment, {
      decision: 'REQUEST_CORRECTION',
      requested: [{ id: 'x', reason: 'y' }],
    });
    assert.equal(twice.status, 200, 'another department may still ask');
    const corrected = await api.call('POST', `/applications/${caseId}/corrections`, {
      token: alice,
      body: { form: { floorArea: 340 }, materials: [{ id: 'site-plan', name: '总平面图（含比例尺）.pdf' }] },
    });
    assert.equal(corrected.status, 200);
    assert.equal(corrected.body.correction, undefined);
    for (const r of corrected.body.reviews) assert.equal(r.status, 'PENDING');
    assert.equal(corrected.body.form.floorArea, 340);
    const secondStop = await decide(caseId, 'planning', planning, {
      decision: 'REQUEST_CORRECTION',
      requested: [{ id: 'x', reason: 'again' }],
    });
    assert.equal(secondStop.status, 409, 'a department stops its clock once per case');
    const nothing = await api.call('POST', `/applications/${caseId}/corrections`, { token: alice, body: { form: { floorArea: 1 } } });
    assert.equal(nothing.status, 409);
  });

  it('a department extends its limit once, with reasons, and the applicant sees the new due date', async () => {
    const { caseId, receipt } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('fixable') })).body;
    const path = `/applications/${caseId}/reviews/fire/extension`;
    assert.equal((await api.call('POST', path, { token: fire, body: { workingDays: 3 } })).status, 400);
    assert.equal((await api.call('POST', path, { token: planning, body: { workingDays: 3, reason: 'x' } })).status, 403);
    const r = await api.call('POST', path, { token: fire, body: { workingDays: 3, reason: '需要专家论证' } });
    assert.equal(r.status, 200);
    const before = Date.parse(receipt.reviews.find((x: any) => x.department === 'fire').dueBy);
    assert.ok(Date.parse(r.body.dueBy) > before + 2 * 86_400_000);
    assert.deepEqual(
      { workingDays: r.body.extension.workingDays, reason: r.body.extension.reason },
      { workingDays: 3, reason: '需要专家论证' },
    );
    const c = await getCase(caseId);
    assert.equal(c.reviews.find((x: any) => x.department === 'fire').dueBy, r.body.dueBy);
    const event = c.timeline.find((e: any) => e.type === 'REVIEW_EXTENDED');
    assert.equal(event.detail.reason, '需要专家论证');
    assert.equal((await api.call('POST', path, { token: fire, body: { workingDays: 1, reason: 'more' } })).status, 409);
  });

  it('an extension after the limit expired is refused: the department was silent', async () => {
    await publish('brief', { departments: [{ code: 'fire', name: '消防', timeLimit: { duration: 'PT1S' } }] });
    const { caseId } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('brief') })).body;
    await new Promise((r) => setTimeout(r, 1200));
    const r = await api.call('POST', `/applications/${caseId}/reviews/fire/extension`, {
      token: fire,
      body: { workingDays: 2, reason: 'too late' },
    });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.settledAs, 'DEEMED_APPROVED');
  });

  it('a request after the notice brings a new notice; a correction after the limit finds the case lapsed', async () => {
    await publish('lapsing', {
      correctionWindow: { duration: 'PT1S' },
      correctionLimit: { duration: 'PT3S' },
      departments: [
        { code: 'planning', name: '规划局', timeLimit: { duration: 'PT60S' } },
        { code: 'fire', name: '消防', timeLimit: { duration: 'PT60S' } },
      ],
    });
    const { caseId } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('lapsing') })).body;
    await dispatched(caseId, 2);
    await decide(caseId, 'planning', planning, { decision: 'REQUEST_CORRECTION', requested: [{ id: 'site-plan', reason: '不清楚' }] });
    await eventually(async () => (await getCase(caseId)).correction?.noticeAt, 'the first notice');
    await decide(caseId, 'fire', fire, { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floorArea', reason: '核实' }] });
    const second = await eventually(async () => {
      const c = await getCase(caseId);
      return c.timeline.filter((e: any) => e.type === 'CORRECTION_NOTICE').length === 2 && c;
    }, 'a second notice');
    const notices = second.timeline.filter((e: any) => e.type === 'CORRECTION_NOTICE');
    assert.deepEqual(
      notices[1].detail.requests.map((r: any) => r.department),
      ['planning', 'fire'],
    );
    assert.ok(Date.parse(notices[1].detail.lapseBy) > Date.parse(notices[0].detail.lapseBy));
    await new Promise((r) => setTimeout(r, Date.parse(notices[1].detail.lapseBy) - Date.now() + 200));
    const late = await api.call('POST', `/applications/${caseId}/corrections`, { token: alice, body: { form: { floorArea: 300 } } });
    assert.equal(late.status, 409);
    const c = await getCase(caseId);
    assert.equal(c.status, 'LAPSED');
    assert.equal(c.timeline.filter((e: any) => e.type === 'CASE_LAPSED').length, 1);
    assert.ok(c.reviews.every((r: any) => r.status === 'LAPSED'));
  });

  it('a correction request racing the deadline leaves exactly one result per department', async () => {
    const departments = Array.from({ length: 6 }, (_, i) => ({ code: `c${i}`, name: `Dept ${i}`, timeLimit: { duration: 'PT2S' } }));
    await publish('race-fix', { departments, correctionWindow: { duration: 'PT1S' } });
    const tokens = await Promise.all(departments.map((d) => api.token(`r-${d.code}`, [`reviewers-${d.code}`])));
    const { caseId, receipt } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('race-fix') })).body;
    const due = Date.parse(receipt.reviews[0].dueBy);
    const answers = await Promise.all(
      departments.map(async (d, i) => {
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now() + (i - 3) * 15)));
        return decide(caseId, d.code, tokens[i], { decision: 'REQUEST_CORRECTION', requested: [{ id: 'x', reason: 'racing' }] });
      }),
    );
    await new Promise((r) => setTimeout(r, 1500));
    const c = await getCase(caseId);
    for (const [i, d] of departments.entries()) {
      const results = c.timeline.filter(
        (e: any) => e.department === d.code && ['REVIEW_CORRECTION_REQUESTED', 'REVIEW_DEEMED_APPROVED'].includes(e.type),
      );
      assert.equal(results.length, 1, `${d.code}: exactly one result`);
      const review = c.reviews.find((r: any) => r.department === d.code);
      if (answers[i].status === 200) assert.equal(review.status, 'CORRECTION_REQUESTED');
      else assert.equal(review.status, 'DEEMED_APPROVED');
    }
  });
});

describe('the working-day calendar', () => {
  it('is public, and only admins change it, with valid dates', async () => {
    const cal = await api.call('GET', '/calendar');
    assert.equal(cal.status, 200);
    assert.equal(cal.body.timeZone, 'Asia/Shanghai');
    assert.equal((await api.call('PUT', '/calendar/years/2026', { token: alice, body: { holidays: [] } })).status, 403);
    const bad = await api.call('PUT', '/calendar/years/2026', { token: admin, body: { holidays: ['2026-13-01', '2027-01-01'] } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'holidays.0');
    const otherYear = await api.call('PUT', '/calendar/years/2026', { token: admin, body: { holidays: ['2027-01-01'] } });
    assert.equal(otherYear.status, 400);
    const zone = await api.call('PUT', '/calendar', { token: admin, body: { timeZone: 'Mars/Olympus' } });
    assert.equal(zone.status, 400);
    assert.equal(zone.body.error.issues[0].path, 'timeZone');
  });

  it('a holiday added while a review runs moves its due date, recorded with the calendar version', async () => {
    await publish('wd', { departments: [{ code: 'planning', name: '规划局', timeLimit: { workingDays: 3 } }] });
    const current = (await api.call('GET', '/calendar')).body as Calendar;
    const { caseId, receipt } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('wd') })).body;
    const acceptedAt = new Date((await getCase(caseId)).acceptedAt);
    assert.equal(receipt.reviews[0].dueBy, workingDaysDue(acceptedAt, 3, current).toISOString());
    // A holiday on the first working day of the count pushes the due date one working day on.
    const holiday = nextWorkingDay(startDay(acceptedAt, current), current);
    const year = holiday.slice(0, 4);
    const days = current.years[year] ?? { holidays: [], workdays: [] };
    const r = await api.call('PUT', `/calendar/years/${year}`, {
      token: admin,
      body: { holidays: [...days.holidays, holiday], workdays: days.workdays },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.version, current.version + 1);
    assert.ok(r.body.movedReviews >= 1);
    const next = { ...defaultCalendar, ...r.body } as Calendar;
    const c = await getCase(caseId);
    const review = c.reviews[0];
    assert.equal(review.dueBy, workingDaysDue(acceptedAt, 3, next).toISOString());
    assert.ok(Date.parse(review.dueBy) > Date.parse(receipt.reviews[0].dueBy));
    assert.equal(review.calendarVersion, next.version);
    const moved = c.timeline.find((e: any) => e.type === 'DUE_DATE_MOVED');
    assert.deepEqual(moved.detail, { from: receipt.reviews[0].dueBy, dueBy: review.dueBy, calendarVersion: next.version });
    assert.equal(moved.department, 'planning');
    const { movedReviews: _, ...saved } = r.body;
    assert.deepEqual((await api.call('GET', `/calendar?version=${next.version}`)).body, saved, 'a version named by a review can be read');
    assert.equal((await api.call('GET', '/calendar?version=999')).status, 404);
    // Put the calendar back for the other tests.
    await api.call('PUT', `/calendar/years/${year}`, { token: admin, body: days });
  });

  it('a due date computed with a calendar another instance still kept is moved once the change is out', async () => {
    await publish('wd2', { departments: [{ code: 'planning', name: '规划局', timeLimit: { workingDays: 3 } }] });
    // This instance has read (and keeps) the current calendar...
    await api.call('POST', '/applications', { token: alice, body: applicationBody('wd2') });
    const current = (await api.call('GET', '/calendar')).body as Calendar;
    // ...when another instance saves a new version with a holiday on the first day a count would use.
    const holiday = nextWorkingDay(startDay(new Date(), current), current);
    const year = holiday.slice(0, 4);
    const days = current.years[year] ?? { holidays: [], workdays: [] };
    const next: Calendar = {
      ...current,
      version: current.version + 1,
      years: { ...current.years, [year]: { ...days, holidays: [...days.holidays, holiday] } },
    };
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { localClientConfig } = await import('../../infra/local/net.ts');
    const { TABLE_NAME } = await import('../../infra/local/stack.ts');
    const other = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(api.stack.dynamodbEndpoint)));
    await other.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { PK: 'CALENDAR', SK: 'CURRENT', kind: 'calendar', version: next.version, calendar: next },
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { PK: 'CALENDAR', SK: `VERSION#${String(next.version).padStart(6, '0')}`, kind: 'calendar', calendar: next },
            },
          },
        ],
      }),
    );
    other.destroy();
    // Within the window this instance still computes with the calendar it kept...
    const { caseId, receipt } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('wd2') })).body;
    const acceptedAt = new Date((await getCase(caseId)).acceptedAt);
    assert.equal(receipt.calendarVersion, current.version);
    // ...and the saving instance, once the window has passed, moves what was computed in it.
    const { forgetCalendar } = await import('#adapters/calendar-store.ts');
    const { redateOpenReviews } = await import('../../functions/handlers/calendar-change.ts');
    forgetCalendar();
    assert.ok((await redateOpenReviews()) >= 1);
    const review = (await getCase(caseId)).reviews[0];
    assert.equal(review.calendarVersion, next.version);
    assert.equal(review.dueBy, workingDaysDue(acceptedAt, 3, next).toISOString());
    // Put the calendar back for the other tests.
    const back = await api.call('PUT', `/calendar/years/${year}`, { token: admin, body: days });
    assert.equal(back.status, 200);
  });
});
