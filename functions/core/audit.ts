// The tamper-evident audit trail: every timeline event carries the hash of the one before
// it, so altering, removing or reordering any stored event breaks the chain from there on.
import { createHash } from 'node:crypto';
import type { TimelineEvent } from './case.ts';

export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same event always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function eventHash(caseId: string, prevHash: string, event: Omit<TimelineEvent, 'hash' | 'prevHash'>): string {
  const { seq, at, type, actor, department, detail } = event;
  return createHash('sha256').update(`${prevHash}\n${canonical({ caseId, seq, at, type, actor, department, detail })}`).digest('hex');
}

/** Link new events to the chain that ends with `last`. */
export function chain(caseId: string, last: TimelineEvent | undefined, events: Omit<TimelineEvent, 'hash' | 'prevHash'>[]): TimelineEvent[] {
  let prevHash = last?.hash ?? GENESIS;
  return events.map((e) => {
    const hash = eventHash(caseId, prevHash, e);
    const linked = { ...e, prevHash, hash };
    prevHash = hash;
    return linked;
  });
}

export interface AuditResult {
  valid: boolean;
  events: number;
  /** The first event at which the chain does not hold, and why. */
  brokenAt?: { seq: number; reason: string };
  head?: string;
}

export function verifyChain(caseId: string, timeline: TimelineEvent[]): AuditResult {
  let prevHash = GENESIS;
  for (const [i, e] of timeline.entries()) {
    const broken = (reason: string): AuditResult => ({ valid: false, events: timeline.length, brokenAt: { seq: e.seq, reason } });
    if (e.seq !== i + 1) return broken(`expected event ${i + 1} here, found ${e.seq}`);
    if (e.prevHash !== prevHash) return broken('does not link to the event before it');
    if (e.hash !== eventHash(caseId, prevHash, e)) return broken('its content does not match its hash');
    prevHash = e.hash!;
  }
  return { valid: true, events: timeline.length, head: timeline.length ? prevHash : undefined };
}
