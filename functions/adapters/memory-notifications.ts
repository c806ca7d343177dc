// The notification ports held in memory, for the handlers' unit tests: the department
// directory, the outbox (written once per notification id, as the table's conditional put
// does: ./notification-store.ts), the notification queue (at most ten messages a request, as
// SQS takes them, some refused when told to), and a store for the Powertools idempotency
// records a channel that is not idempotent by itself is sent under (./idempotency.ts), kept
// as the table keeps them: one per id, until it expires.
import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import type { CacheClient } from '@aws-lambda-powertools/idempotency/cache/types';
import type { DepartmentContacts, Directory, NotificationQueue, OutboxEntry } from '#app/ports.ts';
import type { Notification } from '#core/notifications.ts';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryDirectory implements Directory {
  readonly contacts = new Map<string, DepartmentContacts>();

  async getContacts(code: string): Promise<DepartmentContacts | undefined> {
    const found = this.contacts.get(code);
    return found && copy(found);
  }

  async putContacts(contacts: DepartmentContacts): Promise<void> {
    this.contacts.set(contacts.code, copy(contacts));
  }
}

export class MemoryOutbox {
  /** What was delivered, by notification id. */
  readonly entries = new Map<string, OutboxEntry>();

  /** Write once per notification id: a redelivery finds it there and does nothing (false). */
  readonly write = async (entry: OutboxEntry): Promise<boolean> => {
    if (this.entries.has(entry.id)) return false;
    this.entries.set(entry.id, copy(entry));
    return true;
  };
}

export class MemoryNotificationQueue implements NotificationQueue {
  /** The messages queued, as sent (JSON), in order. */
  readonly messages: string[] = [];
  /** Requests made, each with how many notifications it carried. */
  readonly requests: number[] = [];
  /** Notifications the queue refuses (an entry SQS reports as failed). */
  refuse: (n: Notification) => boolean = () => false;

  async send(batch: Notification[]): Promise<{ failed: number }> {
    if (batch.length === 0) throw new Error('EmptyBatchRequest: a batch has at least one entry');
    if (batch.length > 10) throw new Error(`TooManyEntriesInBatchRequest: ${batch.length} entries, at most 10`);
    this.requests.push(batch.length);
    let failed = 0;
    for (const n of batch)
      if (this.refuse(n)) failed += 1;
      else this.messages.push(JSON.stringify(n));
    return { failed };
  }

  /** The notifications queued. */
  get queued(): Notification[] {
    return this.messages.map((m) => JSON.parse(m) as Notification);
  }
}

/** Idempotency records in memory: one per key, written only when absent (or expired), until it expires. */
export function memoryIdempotency(): CachePersistenceLayer {
  const records = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const record = records.get(key);
    if (record && record.expiresAt <= Date.now()) records.delete(key);
    return records.get(key);
  };
  const client: CacheClient = {
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, options) {
      const { EX, NX } = (options ?? {}) as { EX?: number; NX?: boolean };
      const name = String(key);
      if (NX && live(name)) return null;
      records.set(name, { value: String(value), expiresAt: EX === undefined ? Number.POSITIVE_INFINITY : Date.now() + EX * 1000 });
      return 'OK';
    },
    async del(keys) {
      return keys.filter((key) => records.delete(key)).length;
    },
  };
  return new CachePersistenceLayer({ client });
}
