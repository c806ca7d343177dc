// Conditional requests (RFC 9110 §13): strong entity tags from a stored version or from the
// representation itself, `If-Match` for writes that must not overwrite another's change,
// `If-None-Match` for reads that the client already has.
import { createHash } from 'node:crypto';
import { HttpError } from './api.ts';

/** The strong entity tag of a stored version. */
export const versionTag = (version: number) => `"${version}"`;

/** The strong entity tag of a representation: a digest of exactly what is sent. */
export const digestTag = (body: unknown) => `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;

/**
 * What an `If-Match` header asks for: absent (no precondition), `*` (the resource exists), or
 * the stored versions it names. A tag that names no version of ours (or a weak one, which
 * never matches strongly) leaves an empty list: the precondition fails.
 */
export type IfMatch = undefined | { any: true } | { any: false; versions: number[] };

const LIST = /^\s*(\*|(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"(?:\s*,\s*(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*")*)\s*$/;

function tags(header: string, name: string): string[] {
  if (!LIST.test(header))
    throw new HttpError(400, 'VALIDATION_FAILED', `the ${name} header is not valid`, {
      issues: [{ path: `headers.${name}`, message: 'a list of quoted entity tags ("…"), or *' }],
    });
  return header.split(',').map((t) => t.trim());
}

export function ifMatch(headers: Record<string, string | undefined>): IfMatch {
  const header = headers['if-match'];
  if (header === undefined) return undefined;
  const list = tags(header, 'if-match');
  if (list.includes('*')) return { any: true };
  const versions = list.filter((t) => /^"(0|[1-9]\d{0,14})"$/.test(t)).map((t) => Number(t.slice(1, -1)));
  return { any: false, versions: [...new Set(versions)] };
}

/** Whether `If-None-Match` names the current tag (weak comparison, as RFC 9110 asks for it). */
export function noneMatchHit(headers: Record<string, string | undefined>, current: string): boolean {
  const header = headers['if-none-match'];
  if (header === undefined) return false;
  return tags(header, 'if-none-match').some((t) => t === '*' || t.replace(/^W\//, '') === current);
}

/** A read's reply with its tag: 304 and no body when the client already holds it. */
export function conditionalRead(headers: Record<string, string | undefined>, body: unknown, tag: string) {
  if (noneMatchHit(headers, tag)) return { status: 304, body: undefined, headers: { etag: tag } };
  return { body, headers: { etag: tag } };
}
