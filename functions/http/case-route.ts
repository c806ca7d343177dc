// An HTTP route that runs a use case on one case: the route's contract (validation, who may
// call it), the command, and the runtime it runs with.
import type { Principal } from '#core/access.ts';
import { type CaseCommand, runCommand, type Runtime } from '#app/run.ts';
import { httpRoute, type Reply, type RouteOptions } from './api.ts';

/** What a case command is given from the request. */
export interface CaseRequest<P extends { caseId: string }, B> {
  params: P;
  body: B;
  headers: Record<string, string | undefined>;
}

export type HttpCaseCommand<P extends { caseId: string }, B, C = undefined> = CaseCommand<CaseRequest<P, B>, Reply, Principal, C>;

/** Declares a case command for a route: the case is named by the path's caseId. */
export const caseCommand = <P extends { caseId: string }, B, C = undefined>(
  command: Omit<HttpCaseCommand<P, B, C>, 'caseId'>,
): HttpCaseCommand<P, B, C> => ({
  caseId: (input) => input.params.caseId,
  ...command,
});

export function caseRoute<P extends { caseId: string }, B, C>(
  route: RouteOptions<B, undefined, P, true>,
  command: HttpCaseCommand<P, B, C>,
  runtime: Runtime,
) {
  return httpRoute(route, ({ principal, params, body, event }) =>
    runCommand(runtime, command, principal, { params, body, headers: event.headers }),
  );
}
