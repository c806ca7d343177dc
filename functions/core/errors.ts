// Domain refusals. Handlers map them to HTTP; the domain never speaks HTTP.
export class DomainError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = code;
    this.code = code;
    this.details = details;
  }
}

/** A list cursor this API did not hand out for this very list (crafted, truncated, or another caller's). */
export const badCursor = () =>
  new DomainError('VALIDATION_FAILED', 'cursor is not one this API gave out for this list', {
    issues: [{ path: 'cursor', message: 'not a cursor this API gave out for this list; start again without it' }],
  });

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError('CONFLICT', message, details);
export const alreadySettled = (department: string, settledAs: string, settledAt: string | undefined) =>
  new DomainError('REVIEW_ALREADY_SETTLED', `the ${department} review is already settled as ${settledAs}`, { settledAs, settledAt });
/** A conditional write whose condition (the version the client last read) no longer holds. */
export const preconditionFailed = (message: string, details?: Record<string, unknown>) =>
  new DomainError('PRECONDITION_FAILED', message, details);
