// The ports of the handlers that do not run a case command: the service catalogue, the
// working-day calendar, the lists and statistics read across cases, the department
// directory, and where notifications go. Types only: the DynamoDB, SQS and SES adapters
// (functions/adapters/) implement them in AWS, the in-memory ones (functions/adapters/
// memory-*.ts) in the handlers' unit tests, under the same rules. A handler takes the
// parts it uses (`Pick<Catalogue, 'getService'>`), so its bundle holds no other.
import type { Calendar } from '#core/calendar.ts';
import type { Notification } from '#core/notifications.ts';
import type { PermitRecord } from '#core/permit.ts';
import type { CaseStatus, ReviewStatus, Service } from '#core/schemas.ts';
import type { CaseListing, ReviewListing } from '#core/views.ts';

/** One page of a list; `nextCursor` (absent on the last page) is good for this very list only. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** What a write expects of a service: it exists, or it is at one of these versions (0: written before versions were kept). */
export type ExpectedVersion = 'exists' | number[];

/** The service catalogue: one item per service, its version one more on every write. */
export interface Catalogue {
  /** The service with its version; undefined when there is none. */
  getService(code: string): Promise<Service | undefined>;
  /** Every service, by code. */
  listServices(): Promise<Service[]>;
  /**
   * Create or replace a service; the stored version goes up by one. With `expected`, the
   * write happens only if the service is as expected at that instant, else PRECONDITION_FAILED.
   */
  putService(service: Omit<Service, 'version'>, expected?: ExpectedVersion): Promise<Service>;
}

/** The working-day calendar: the current one and every version saved. */
export interface Calendars {
  /** The current calendar, or the version named; the default calendar (version 0) when there is none. */
  getCalendar(version?: number): Promise<Calendar>;
  /**
   * Save a new version made from `current`, only if the stored calendar is still at
   * `current.version`; otherwise CONFLICT, or PRECONDITION_FAILED when the client named the
   * version it read.
   */
  saveCalendar(current: Calendar, next: Omit<Calendar, 'version' | 'updatedAt'>, refusal?: 'conflict' | 'precondition'): Promise<Calendar>;
  /** How long a function instance keeps the current calendar it read. */
  keptMs(): number;
}

/** A review whose clock runs, as the index of open reviews lists it. */
export interface OpenReview {
  caseId: string;
  department: string;
  dueBy: string;
}

/** Reads across cases: the case lists, a department's work list, the open reviews, the statistics. */
export interface CaseQueries {
  /** An applicant's cases, or every case (admins), newest first. */
  listCases(
    by: { applicantSub: string } | { all: true },
    opts: { status?: CaseStatus; limit: number; cursor?: string },
  ): Promise<Page<CaseListing>>;
  /** A department's reviews in one status, earliest due first. */
  listReviews(department: string, status: ReviewStatus, opts: { limit: number; cursor?: string }): Promise<Page<ReviewListing>>;
  /** Reviews whose clock runs, due from `dueFrom` on (all without it). */
  openReviews(dueFrom?: string): AsyncIterable<OpenReview>;
  /** The counters of one month, by scope (every department's, or every service's). */
  statsOf(period: string, scope: 'DEPT' | 'SERVICE'): Promise<{ key: string; counters: Record<string, number> }[]>;
}

export interface DepartmentContacts {
  code: string;
  name?: string;
  /** Where the department's reviewers are told of new reviews, reminders, defaults. */
  emails: string[];
  /** Where escalations go. */
  adminEmails: string[];
}

/** Who a department's notifications go to. */
export interface Directory {
  getContacts(code: string): Promise<DepartmentContacts | undefined>;
  putContacts(contacts: DepartmentContacts): Promise<void>;
}

/** Where notifications are delivered. */
export interface NotificationChannel {
  /** Deliver to the given addresses (possibly none known). */
  deliver(notification: Notification, to: string[]): Promise<void>;
  /** Delivering the same notification id twice delivers it once: no record of its own is needed. */
  idempotent: boolean;
}

/** A notification as the outbox channel keeps it. */
export interface OutboxEntry extends Notification {
  to: string[];
  deliveredAt: string;
}

/** The queue notifications wait on for delivery. */
export interface NotificationQueue {
  /** Queue at most 10 notifications at once; how many of them were not queued. */
  send(batch: Notification[]): Promise<{ failed: number }>;
}

/** The asymmetric key permits are signed with (a KMS key in AWS, its stand-in locally): ECDSA on P-256 with SHA-256. */
export interface PermitKey {
  /** The key's id (its ARN) and its public key as DER SubjectPublicKeyInfo. */
  publicKey(): Promise<{ keyId: string; spki: Uint8Array }>;
}

export interface PermitSigner {
  /** Sign a SHA-256 digest: the key's id and the DER-encoded ECDSA signature. */
  sign(digest: Uint8Array): Promise<{ keyId: string; signature: Uint8Array }>;
}

/** Permits by number (each written with its case's change, through the CaseStore). */
export interface Permits {
  getPermit(number: string): Promise<PermitRecord | undefined>;
}
