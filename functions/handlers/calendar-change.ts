// Shared by the calendar's admin routes: save a new version, then move the due dates of
// open reviews that it changes (each with a timeline event naming the calendar version).
import { getCalendar, saveCalendar } from '#adapters/calendar-store.ts';
import { mutateCase, openReviews } from '#adapters/case-store.ts';
import { logger } from '#adapters/powertools.ts';
import { wakeTasks } from '#adapters/workflow.ts';
import type { Calendar } from '#core/calendar.ts';
import { applyCalendar } from '#core/case.ts';

const CONCURRENCY = 8;

export async function changeCalendar(edit: (current: Calendar) => Omit<Calendar, 'version' | 'updatedAt'>, affectedFrom?: string) {
  const current = await getCalendar();
  const saved = await saveCalendar(current, edit(current));
  const caseIds = new Set<string>();
  for await (const r of openReviews(affectedFrom)) caseIds.add(r.caseId);
  const queue = [...caseIds];
  let moved = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let caseId = queue.shift(); caseId; caseId = queue.shift()) {
        // the current calendar: this one, or a newer one saved meanwhile
        const { after, departments } = await mutateCase(caseId, (agg, calendar) => {
          const change = agg ? applyCalendar(agg, calendar, new Date()) : null;
          return { change, result: (a) => ({ after: a, departments: change?.reviews.map((r) => r.department) ?? [] }) };
        });
        if (after && departments.length) {
          moved += departments.length;
          await wakeTasks(after, departments);
        }
      }
    }),
  );
  logger.info('calendar changed', { version: saved.version, openCases: caseIds.size, movedReviews: moved });
  return { body: { ...saved, movedReviews: moved } };
}
