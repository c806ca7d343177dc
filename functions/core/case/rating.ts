// The applicant's rating (好差评): after the outcome, the applicant rates the service and each
// department that answered (1–5, an optional comment), and may change a rating until the
// service's window ends. A low rating (1 or 2) of a department is told to its admins, who
// answer it on the record. Ratings are public only as aggregates (functions/core/stats.ts).
import type { Calendar } from '../calendar.ts';
import { dueInstant } from '../clock.ts';
import { conflict, DomainError, notFound } from '../errors.ts';
import type { RatingInput, TimeLimit } from '../schemas.ts';
import { APPLICANT_ACTOR, type CaseAggregate, type CaseChange, type NewEvent, type Rating } from './model.ts';

export const DEFAULT_RATING_WINDOW: TimeLimit = { workingDays: 10 };
/** A score at or below this is low: told to the department, and counted apart. */
export const LOW_SCORE = 2;
export const isLow = (score: number | undefined) => score !== undefined && score <= LOW_SCORE;

/** Until when the applicant may rate or change a rating: the window from the outcome. Undefined before an outcome. */
export function rateBy(aggregate: CaseAggregate, calendar: Calendar): string | undefined {
  const { record } = aggregate;
  if ((record.status !== 'APPROVED' && record.status !== 'REJECTED') || !record.decidedAt) return undefined;
  return dueInstant(record.rules.ratingWindow ?? DEFAULT_RATING_WINDOW, new Date(record.decidedAt), calendar).toISOString();
}

/** The departments the applicant may rate: every one that answered (a review closed by another's rejection did not). */
export const ratable = (aggregate: CaseAggregate) => aggregate.reviews.filter((r) => r.status !== 'CLOSED').map((r) => r.department);

/** The applicant rates, or changes ratings; each rating given becomes a RATED event (and a LOW_RATING one when a department's is low). */
export function rateCase(aggregate: CaseAggregate, input: RatingInput, now: Date, calendar: Calendar): CaseChange {
  const until = rateBy(aggregate, calendar);
  if (!until)
    throw conflict(`a case is rated after its outcome; this one is ${aggregate.record.status}`, { status: aggregate.record.status });
  if (now.getTime() > Date.parse(until)) throw conflict(`the time to rate this case ended at ${until}`, { rateBy: until });
  const allowed = new Set(ratable(aggregate));
  const unknown = Object.keys(input.departments ?? {}).filter((d) => !allowed.has(d));
  if (unknown.length)
    throw new DomainError('VALIDATION_FAILED', 'only a department that answered on this case can be rated', {
      issues: unknown.map((d) => ({ path: `departments.${d}`, message: `${d} did not answer on this case` })),
    });
  const at = now.toISOString();
  const before = aggregate.record.ratings ?? {};
  const events: NewEvent[] = [];
  const rate = (target: string, given: { score: number; comment?: string }, previous: Rating | undefined): Rating => {
    events.push({
      at,
      type: 'RATED',
      actor: APPLICANT_ACTOR,
      detail: {
        target,
        score: given.score,
        ...(given.comment ? { comment: given.comment } : {}),
        ...(previous ? { previous: previous.score, ...(previous.answer ? { previousAnswered: true } : {}) } : {}),
      },
    });
    if (target !== 'service' && isLow(given.score))
      // on the department's own chain: recorded against it, and told to its admins
      events.push({
        at,
        type: 'LOW_RATING',
        actor: APPLICANT_ACTOR,
        department: target,
        detail: { score: given.score, comment: given.comment },
      });
    return { score: given.score, ...(given.comment ? { comment: given.comment } : {}), at };
  };
  const departments = { ...before.departments };
  for (const [code, given] of Object.entries(input.departments ?? {})) departments[code] = rate(code, given, before.departments?.[code]);
  const service = input.service ? rate('service', input.service, before.service) : before.service;
  return {
    record: {
      ...aggregate.record,
      ratings: { ...(service ? { service } : {}), ...(Object.keys(departments).length ? { departments } : {}) },
    },
    reviews: [],
    events,
  };
}

/** A department answers its rating on the record, once. */
export function answerRating(aggregate: CaseAggregate, department: string, text: string, by: string, now: Date): CaseChange {
  const rating = aggregate.record.ratings?.departments?.[department];
  if (!rating) throw notFound(`a rating of ${department} on case ${aggregate.record.caseId}`);
  if (rating.answer) throw conflict(`${department} has already answered this rating`, { answeredAt: rating.answer.at });
  const at = now.toISOString();
  const answered: Rating = { ...rating, answer: { text, at, by } };
  return {
    record: {
      ...aggregate.record,
      ratings: { ...aggregate.record.ratings, departments: { ...aggregate.record.ratings?.departments, [department]: answered } },
    },
    reviews: [],
    events: [{ at, type: 'RATING_ANSWERED', actor: by, detail: { target: department, score: rating.score, answer: text } }],
  };
}

/** What the case's readers see of its ratings: each with its answer, and until when the applicant may rate. */
export function ratingsView(aggregate: CaseAggregate, calendar: Calendar) {
  const view = (r: Rating) => ({
    score: r.score,
    ...(r.comment ? { comment: r.comment } : {}),
    at: r.at,
    ...(r.answer ? { answer: { text: r.answer.text, at: r.answer.at } } : {}),
  });
  const ratings = aggregate.record.ratings;
  return {
    rateBy: rateBy(aggregate, calendar),
    ratable: ratable(aggregate),
    ...(ratings?.service ? { service: view(ratings.service) } : {}),
    departments: Object.fromEntries(Object.entries(ratings?.departments ?? {}).map(([d, r]) => [d, view(r)])),
  };
}
