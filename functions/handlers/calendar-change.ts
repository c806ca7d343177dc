// Shared by the calendar's admin routes: save a new version, then move the due dates of
// open reviews that it changes (each with a timeline event naming the calendar version),
// again once other function instances no longer keep the old calendar.
import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { type CaseCommand, runCommand, type Runtime, touched } from '#app/run.ts';
import { calendarKeptMs, getCalendar, saveCalendar } from '#adapters/calendar-store.ts';
import { openReviews } from '#adapters/case-queries.ts';
import { logger } from '#adapters/powertools.ts';
import type { Calendars, OpenReview } from '#app/ports.ts';
import { existingCase } from '#core/access.ts';
import type { Calendar } from '#core/calendar.ts';
import { applyCalendar } from '#core/case/deadlines.ts';
import { DomainError, preconditionFailed } from '#core/errors.ts';
import { versionTag, type IfMatch } from '#http/preconditions.ts';

const CONCURRENCY = 8;
const tableRuntime = awsRuntime({ workflow: caseWorkflow });

/** What a calendar change is made with: the calendar store, and the re-dating of open reviews (how many moved). */
export interface CalendarChange {
  calendars: Calendars;
  redate: (affectedFrom?: string) => Promise<number>;
}

export const tableCalendarChange: CalendarChange = {
  calendars: { getCalendar, saveCalendar, keptMs: calendarKeptMs },
  redate: (affectedFrom) => redateOpenReviews(affectedFrom),
};

/**
 * `expected` is the request's If-Match: the calendar always exists, so `*` always holds; a
 * version named must be the current one, and the write is conditional on it (of two
 * requests naming the same version, one saves and the other gets 412).
 */
export async function changeCalendar(
  deps: CalendarChange,
  edit: (current: Calendar) => Omit<Calendar, 'version' | 'updatedAt'>,
  affectedFrom: string | undefined,
  expected: IfMatch,
) {
  const current = await deps.calendars.getCalendar();
  const named = expected && !expected.any;
  if (named && !expected.versions.includes(current.version))
    throw preconditionFailed(`the calendar is at version ${current.version}, not at a version named by If-Match; read it again`);
  const saved = await deps.calendars.saveCalendar(current, edit(current), named ? 'precondition' : 'conflict');
  const savedAt = Date.now();
  let moved = await deps.redate(affectedFrom);
  // Other function instances keep the calendar they read for a while: what they computed
  // with the old one in that window is moved once it has passed.
  const rest = savedAt + deps.calendars.keptMs() - Date.now();
  if (rest > 0) {
    await new Promise((r) => setTimeout(r, rest));
    moved += await deps.redate(affectedFrom);
  }
  logger.info('calendar changed', { version: saved.version, movedReviews: moved });
  return { body: { ...saved, movedReviews: moved }, headers: { etag: versionTag(saved.version) } };
}

/** Move a case's due dates computed with another calendar than the current one: the reviews moved. */
export const redate: CaseCommand<string, number, undefined> = {
  caseId: (caseId) => caseId,
  access: () => existingCase,
  decide: ({ case: agg, now, calendar }) => {
    const change = applyCalendar(agg, calendar, now);
    return {
      change,
      outcome: () => {
        const departments = touched(change);
        return { reply: departments.length, effects: { wake: departments } };
      },
    };
  },
};

/** Move the due dates of open reviews computed with another calendar than the current one, a few cases at a time. */
export async function redateOpenReviews(
  affectedFrom?: string,
  rt: Runtime = tableRuntime,
  list: (dueFrom?: string) => AsyncIterable<OpenReview> = openReviews,
): Promise<number> {
  const caseIds = new Set<string>();
  for await (const r of list(affectedFrom)) caseIds.add(r.caseId);
  const queue = [...caseIds];
  let moved = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let caseId = queue.shift(); caseId; caseId = queue.shift()) {
        const n = await runCommand(rt, redate, undefined, caseId).catch((err) => {
          // a case listed that is not there has nothing to move
          if (err instanceof DomainError && err.code === 'NOT_FOUND') return 0;
          throw err;
        });
        moved += n;
      }
    }),
  );
  return moved;
}
