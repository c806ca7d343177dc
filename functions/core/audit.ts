// The tamper-evident audit trail: every timeline event carries the hash of the one before
// it, so altering, removing or reordering any stored event breaks the chain from there on.
import { createHash } from 'node:crypto';
import type { TimelineEvent } from './case/model.ts';

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
  const { seq, at, type, actor, department, detail, anchors } = event;
  return createHash('sha256')
    .update(`${prevHash}\n${canonical({ caseId, seq, at, type, actor, department, detail, anchors })}`)
    .digest('hex');
}

/**
 * The chain an event belongs to: the case's own (no department), or one department's
 * review. Each chain is appended to only by a change that holds its item (the case, or that
 * review) at the version it read, so changes to different reviews never contend.
 */
export const chainOf = (e: Pick<TimelineEvent, 'department'>) => e.department ?? '';

/** The last event of each chain. */
function heads(timeline: TimelineEvent[]): Map<string, TimelineEvent> {
  const out = new Map<string, TimelineEvent>();
  for (const e of timeline) {
    const head = out.get(chainOf(e));
    if (!head || e.seq > head.seq) out.set(chainOf(e), e);
  }
  return out;
}

/**
 * New events numbered and linked, each after the last event of its chain. An event of the
 * case's own chain anchors where every review's chain stood, so removing any review event
 * before it shows.
 */
export function appendEvents(
  caseId: string,
  timeline: TimelineEvent[],
  events: Omit<TimelineEvent, 'seq' | 'hash' | 'prevHash' | 'anchors'>[],
): TimelineEvent[] {
  const last = new Map([...heads(timeline)].map(([c, e]) => [c, { seq: e.seq, hash: e.hash ?? GENESIS }]));
  return events.map((e) => {
    const c = chainOf(e);
    const prev = last.get(c) ?? { seq: 0, hash: GENESIS };
    const reviewHeads = [...last].filter(([chain]) => chain !== '').sort(([a], [b]) => a.localeCompare(b));
    const numbered = { ...e, seq: prev.seq + 1, ...(c === '' && reviewHeads.length ? { anchors: Object.fromEntries(reviewHeads) } : {}) };
    const hash = eventHash(caseId, prev.hash, numbered);
    last.set(c, { seq: numbered.seq, hash });
    return { ...numbered, prevHash: prev.hash, hash };
  });
}

/**
 * The timeline in the order things happened: by instant; at one instant a review's events
 * before the case's (an outcome follows the settlement that made it), each chain in order.
 */
export function inOrder(timeline: TimelineEvent[]): TimelineEvent[] {
  return [...timeline].sort(
    (a, b) =>
      a.at.localeCompare(b.at) || Number(!a.department) - Number(!b.department) || chainOf(a).localeCompare(chainOf(b)) || a.seq - b.seq,
  );
}

export interface AuditResult {
  valid: boolean;
  events: number;
  /** The first event at which a chain does not hold, and why. */
  brokenAt?: { seq: number; department?: string; reason: string };
  /** The hash of the case chain's last event: keep it to detect a removed last event. */
  head?: string;
  /** The last hash of every chain: the case's (key "case") and each department's. */
  heads?: Record<string, string>;
}

export function verifyChain(caseId: string, timeline: TimelineEvent[]): AuditResult {
  const chains = new Map<string, TimelineEvent[]>();
  for (const e of timeline) chains.set(chainOf(e), [...(chains.get(chainOf(e)) ?? []), e]);
  const out: Record<string, string> = {};
  for (const [c, events] of [...chains].sort(([a], [b]) => a.localeCompare(b))) {
    let prevHash = GENESIS;
    for (const [i, e] of [...events].sort((a, b) => a.seq - b.seq).entries()) {
      const broken = (reason: string): AuditResult => ({
        valid: false,
        events: timeline.length,
        brokenAt: { seq: e.seq, ...(c ? { department: c } : {}), reason },
      });
      if (e.seq !== i + 1) return broken(`expected event ${i + 1} here, found ${e.seq}`);
      if (e.prevHash !== prevHash) return broken('does not link to the event before it');
      if (e.hash !== eventHash(caseId, prevHash, e)) return broken('its content does not match its hash');
      prevHash = e.hash!;
    }
    out[c || 'case'] = prevHash;
  }
  for (const e of timeline) {
    for (const [department, anchor] of Object.entries(e.anchors ?? {})) {
      const anchored = chains.get(department)?.find((x) => x.seq === anchor.seq);
      if (anchored?.hash !== anchor.hash)
        return {
          valid: false,
          events: timeline.length,
          brokenAt: { seq: e.seq, reason: `the ${department} review's event ${anchor.seq} it anchors is missing or altered` },
        };
    }
  }
  return { valid: true, events: timeline.length, ...(out.case ? { head: out.case } : {}), heads: out };
}
