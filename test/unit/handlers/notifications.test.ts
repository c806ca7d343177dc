// Notifications end to end without AWS: an admin records who a department's mail goes to
// (PUT /departments/{code}), the stream consumer turns new timeline events into
// notifications on the queue (PublishNotifications, given a DynamoDB stream batch), and the
// queue consumer delivers each once (DeliverNotification, given an SQS batch), reporting
// the messages that failed for the queue to deliver again.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { outboxChannel } from '#adapters/channels.ts';
import { eventItem } from '#adapters/case-keys.ts';
import { MemoryDirectory, MemoryNotificationQueue, MemoryOutbox, memoryIdempotency } from '#adapters/memory-notifications.ts';
import { logger } from '#adapters/powertools.ts';
import type { NotificationChannel } from '#app/ports.ts';
import type { TimelineEvent } from '#core/case/model.ts';
import { submitCase } from '#core/case/submission.ts';
import { caseFacts, type Notification, notificationsFor } from '#core/notifications.ts';
import { notificationDelivery } from '../../../functions/handlers/deliver-notification.ts';
import { notificationPublisher } from '../../../functions/handlers/publish-notifications.ts';
import { putDepartmentRoute } from '../../../functions/handlers/put-department.ts';
import { callRoute, context, memoryRuntime, sqsEvent, streamEvent } from '../../support/memory-runtime.ts';
import { ADMIN, APPLICANT, CAL, SUBMITTED_AT, applicationWithEmail, buildingContacts, buildingService } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
logger.setLogLevel('SILENT'); // made before the line above ran
const CASE_ID = 'CASE-NOTIFY';
const EMAIL = 'zhang.san@example.com';

/** A case accepted with the applicant's address, its directory and outbox, and the notifications of its acceptance. */
async function setUp() {
  const env = memoryRuntime({ now: SUBMITTED_AT, calendar: CAL });
  const agg = await env.seed(
    submitCase({
      caseId: CASE_ID,
      service: buildingService(),
      input: applicationWithEmail(EMAIL),
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    }),
  );
  const accepted = agg.timeline.find((e) => e.type === 'ACCEPTED');
  assert.ok(accepted);
  const directory = new MemoryDirectory();
  for (const c of buildingContacts()) await directory.putContacts(c);
  const outbox = new MemoryOutbox();
  const records = memoryIdempotency();
  /** The delivery function over `channel` (the outbox unless told), the directory and the case store. */
  const delivery = (channel: NotificationChannel = outboxChannel(outbox.write)) =>
    notificationDelivery({
      channel: () => channel,
      contacts: (department) => directory.getContacts(department),
      caseRecord: (caseId) => env.store.record(caseId),
      deliveries: () => records,
    });
  const image = (e: TimelineEvent) => eventItem(agg.record, e);
  return {
    ...env,
    record: agg.record,
    accepted,
    notified: notificationsFor(caseFacts(agg.record), accepted),
    directory,
    outbox,
    delivery,
    image,
  };
}

/** A channel standing in for e-mail: not idempotent by itself, it records every message it sends. */
function mailer(fail: (n: Notification) => boolean = () => false) {
  const sent: { id: string; to: string[] }[] = [];
  const channel: NotificationChannel = {
    idempotent: false,
    async deliver(n, to) {
      if (fail(n)) throw new Error(`mail server refused ${n.id}`);
      sent.push({ id: n.id, to });
    },
  };
  return { channel, sent };
}

/** The messages a batch reported failed, in any order (records are processed side by side). */
const failed = (res: { batchItemFailures: { itemIdentifier: string }[] }) => res.batchItemFailures.map((f) => f.itemIdentifier).sort();

const recipient = (n: Notification) => (n.recipient.kind === 'applicant' ? 'applicant' : `${n.recipient.kind}:${n.recipient.department}`);

describe('PUT /departments/{code}', () => {
  it('an admin records who a department’s mail goes to, replacing what was there; lists left out are empty', async () => {
    const directory = new MemoryDirectory();
    const put = (body: unknown) =>
      callRoute(putDepartmentRoute(directory), { route: 'PUT /departments/{code}', params: { code: 'planning' }, body, caller: ADMIN });
    const res = await put({ name: '规划局', emails: ['a@gov.example'], adminEmails: ['head@gov.example'] });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { code: 'planning', name: '规划局', emails: ['a@gov.example'], adminEmails: ['head@gov.example'] });
    assert.deepEqual(await directory.getContacts('planning'), res.body);
    const replaced = await put({ emails: ['b@gov.example'] });
    assert.deepEqual(replaced.body, { code: 'planning', emails: ['b@gov.example'], adminEmails: [] });
    assert.deepEqual(await directory.getContacts('planning'), replaced.body);
  });

  it('refuses a bad address or code naming it (400), anyone but admins (401, 403), and records nothing', async () => {
    const directory = new MemoryDirectory();
    const put = (code: string, body: unknown, caller?: { sub: string; groups: string[] }) =>
      callRoute(putDepartmentRoute(directory), { route: 'PUT /departments/{code}', params: { code }, body, ...(caller ? { caller } : {}) });
    const email = await put('planning', { emails: ['ok@gov.example', 'not an address'] }, ADMIN);
    assert.equal(email.status, 400);
    assert.equal(email.body.error.issues[0].path, 'emails.1');
    assert.equal((await put('Planning!', { emails: [] }, ADMIN)).body.error.issues[0].path, 'path.code');
    assert.equal((await put('planning', { emails: [], phone: '123' }, ADMIN)).status, 400, 'an unknown field');
    assert.equal((await put('planning', { emails: ['a@gov.example'] })).status, 401);
    assert.equal((await put('planning', { emails: ['a@gov.example'] }, { sub: 'sub-pat', groups: ['reviewers-planning'] })).status, 403);
    assert.equal(directory.contacts.size, 0);
  });
});

describe('PublishNotifications (table stream)', () => {
  it('queues the notifications a new event calls for, as they are worked out from the event; other changes are passed over', async () => {
    const t = await setUp();
    const queue = new MemoryNotificationQueue();
    const res = await notificationPublisher(queue)(
      streamEvent([
        { eventName: 'INSERT', newImage: t.image(t.accepted) },
        { eventName: 'MODIFY', newImage: t.image(t.accepted) },
        { eventName: 'REMOVE' },
      ]),
      context,
    );
    assert.deepEqual(res, { batchItemFailures: [] });
    assert.deepEqual(queue.queued, t.notified);
    assert.deepEqual(queue.queued.map(recipient), ['applicant', 'department:planning', 'department:fire', 'department:environment']);
    assert.deepEqual(queue.queued[0].to, [EMAIL], 'the applicant’s address travels with the event');
  });

  it('sends ten notifications to a request at most', async () => {
    const t = await setUp();
    const departments = Array.from({ length: 12 }, (_, i) => ({ department: `dept-${i}`, dueBy: '2026-01-08T15:59:59.999Z' }));
    const many = { ...t.accepted, detail: { ...t.accepted.detail, departments } };
    const queue = new MemoryNotificationQueue();
    const res = await notificationPublisher(queue)(streamEvent([{ eventName: 'INSERT', newImage: t.image(many) }]), context);
    assert.deepEqual(res, { batchItemFailures: [] });
    assert.deepEqual(queue.requests, [10, 3]);
    assert.equal(new Set(queue.queued.map((n) => n.id)).size, 13);
  });

  it('reports the records that failed (an image it cannot read, notifications the queue refused) and publishes the rest', async () => {
    const t = await setUp();
    const queue = new MemoryNotificationQueue();
    queue.refuse = (n) => n.caseId === 'CASE-REFUSED';
    const { facts: _facts, ...factless } = t.image(t.accepted) as Record<string, unknown>;
    const refused = eventItem({ ...t.record, caseId: 'CASE-REFUSED' }, t.accepted);
    const res = await notificationPublisher(queue)(
      streamEvent([
        { eventName: 'INSERT', newImage: factless },
        { eventName: 'INSERT', newImage: t.image(t.accepted) },
        { eventName: 'INSERT', newImage: refused },
      ]),
      context,
    );
    assert.deepEqual(failed(res), ['1', '3']);
    assert.deepEqual(queue.queued, t.notified);
  });
});

describe('DeliverNotification (notification queue)', () => {
  it('delivers each to its recipients: the applicant’s address, a department’s reviewers, its admins for an escalation', async () => {
    const t = await setUp();
    const escalation = notificationsFor(caseFacts(t.record), {
      seq: 3,
      at: SUBMITTED_AT.toISOString(),
      type: 'REVIEW_ESCALATED',
      actor: 'system:watchdog',
      department: 'fire',
      detail: { dueBy: '2026-01-05T02:00:30.000Z' },
    });
    const res = await t.delivery()(sqsEvent([...t.notified, ...escalation]), context);
    assert.deepEqual(res, { batchItemFailures: [] });
    const to = Object.fromEntries([...t.outbox.entries.values()].map((e) => [recipient(e), e.to]));
    assert.deepEqual(to, {
      applicant: [EMAIL],
      'department:planning': ['planning@gov.example'],
      'department:fire': ['fire@gov.example', 'fire-duty@gov.example'],
      'department:environment': [],
      'department-admins:fire': ['fire-chief@gov.example'],
    });
  });

  it('a notification from before events carried the applicant’s address finds it on the case', async () => {
    const t = await setUp();
    const { to: _to, ...older } = t.notified[0];
    await t.delivery()(sqsEvent([older]), context);
    assert.deepEqual(t.outbox.entries.get(older.id)?.to, [EMAIL]);
  });

  it('the outbox keeps a redelivered notification once, as first delivered', async () => {
    const t = await setUp();
    const deliver = t.delivery();
    await deliver(sqsEvent(t.notified), context);
    const first = structuredClone([...t.outbox.entries.values()]);
    await t.directory.putContacts({ code: 'planning', emails: ['moved@gov.example'], adminEmails: [] });
    const again = await deliver(sqsEvent([...t.notified, t.notified[1]]), context);
    assert.deepEqual(again, { batchItemFailures: [] });
    assert.deepEqual([...t.outbox.entries.values()], first);
  });

  it('e-mail, not idempotent by itself, is sent once per notification however often it is delivered', async () => {
    const t = await setUp();
    const mail = mailer();
    const deliver = t.delivery(mail.channel);
    assert.deepEqual(await deliver(sqsEvent(t.notified), context), { batchItemFailures: [] });
    assert.deepEqual(await deliver(sqsEvent(t.notified.slice(0, 2)), context), { batchItemFailures: [] });
    assert.deepEqual(
      mail.sent.map((s) => s.id),
      t.notified.map((n) => n.id),
    );
    assert.deepEqual(mail.sent[0].to, [EMAIL]);
  });

  it('reports the messages that failed (a send refused, a body that is not a notification); a failed send goes out when delivered again', async () => {
    const t = await setUp();
    let refusing = true;
    const mail = mailer((n) => refusing && n.recipient.kind === 'department' && n.recipient.department === 'fire');
    const deliver = t.delivery(mail.channel);
    const res = await deliver(sqsEvent([...t.notified, 'not json']), context);
    assert.deepEqual(failed(res), ['m3', 'm5']);
    assert.deepEqual(mail.sent.map((s) => s.id).sort(), [t.notified[0].id, t.notified[1].id, t.notified[3].id].sort());
    refusing = false;
    assert.deepEqual(await deliver(sqsEvent([t.notified[2]]), context), { batchItemFailures: [] });
    assert.equal(mail.sent.filter((s) => s.id === t.notified[2].id).length, 1);
    assert.equal(mail.sent.length, 4);
  });

  it('a batch none of which could be delivered fails as a whole, for the queue to deliver it again', async () => {
    const t = await setUp();
    const mail = mailer(() => true);
    await assert.rejects(t.delivery(mail.channel)(sqsEvent(t.notified.slice(0, 2)), context), /All records failed/);
    assert.deepEqual(mail.sent, []);
  });
});
