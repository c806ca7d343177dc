// An HTTP route that runs a use case on one case: the route's contract (validation, who may
// call it), the command, and the runtime it runs with.
import type { Principal } from '#core/access.ts';
import { type CaseCommand, runCommand, type Runtime } from '#app/run.ts';
import { httpRoute, type Reply, type RouteOptions } from './api.ts';

/** What a case command is given from the request. */
export interface CaseRequest<P extends { caseId: string }, B> {
  params: P;
  body: B;
}

export type HttpCaseCommand<P extends { caseId: string }, B> = CaseCommand<CaseRequest<P, B>, Reply, Principal>;

/** Declares a case command for a route: the case is named by the path's caseId. */
export const caseCommand = <P extends { caseId: string }, B>(command: Omit<HttpCaseCommand<P, B>, 'caseId'>): HttpCaseCommand<P, B> => ({
  caseId: (input) => input.params.caseId,
  ...command,
});

export function caseRoute<P extends { caseId: string }, B>(
  route: RouteOptions<B, undefined, P, true>,
  command: HttpCaseCommand<P, B>,
  runtime: Runtime,
) {
  return httpRoute(route, ({ principal, params, body }) => runCommand(runtime, command, principal, { params, body }));
}
