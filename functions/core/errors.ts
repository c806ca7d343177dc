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

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError('CONFLICT', message, details);
export const alreadySettled = (department: string, settledAs: string, settledAt: string | undefined) =>
  new DomainError('REVIEW_ALREADY_SETTLED', `the ${department} review is already settled as ${settledAs}`, { settledAs, settledAt });
