// Where notifications go. The channel is configuration (NOTIFICATION_CHANNEL): "ses" sends
// e-mail with Amazon SES from SENDER_ADDRESS; "outbox" keeps every message in the table,
// where the local stack shows them at GET /local/outbox.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { NotificationChannel, OutboxEntry } from '#app/ports.ts';
import { requiredEnv } from './clients.ts';
import { logger } from './powertools.ts';
import { writeOutbox } from './notification-store.ts';

export type { NotificationChannel } from '#app/ports.ts';

/** The outbox channel over a store that writes each notification id once (`write` answers whether it was new). */
export const outboxChannel = (write: (entry: OutboxEntry) => Promise<boolean>): NotificationChannel => ({
  // one conditional write per notification id
  idempotent: true,
  async deliver(notification, to) {
    await write({ ...notification, to, deliveredAt: new Date().toISOString() });
  },
});

const outbox = outboxChannel(writeOutbox);

let ses: SESv2Client | undefined;
const email: NotificationChannel = {
  idempotent: false,
  async deliver(notification, to) {
    if (!to.length) {
      logger.warn('no address for a notification; not sent', { id: notification.id, recipient: notification.recipient });
      return;
    }
    ses ??= new SESv2Client({});
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: requiredEnv('SENDER_ADDRESS'),
        Destination: { ToAddresses: to },
        Content: {
          Simple: {
            Subject: { Data: notification.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: notification.body, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  },
};

export function channel(): NotificationChannel {
  const name = requiredEnv('NOTIFICATION_CHANNEL');
  if (name === 'outbox') return outbox;
  if (name === 'ses') return email;
  throw new Error(`unknown NOTIFICATION_CHANNEL ${name}`);
}
