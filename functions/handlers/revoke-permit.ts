// An admin revokes a permit, with reasons: the permit and its case change in one
// transaction (the revocation on the case's timeline, the holder notified from it), and
// every read of the permit says REVOKED from then on. A permit is revoked once; a second
// revocation, or one racing the first, answers 409 with when it was revoked.
import { getPermit } from '#adapters/case-store.ts';
import { awsRuntime } from '#app/aws.ts';
import type { Permits } from '#app/ports.ts';
import { type CaseCommand, runCommand, type Runtime } from '#app/run.ts';
import { type Principal, visibleCase } from '#core/access.ts';
import { conflict, notFound } from '#core/errors.ts';
import { type PermitRecord, permitView, revokePermit } from '#core/permit.ts';
import { apiBaseOf, httpRoute, type Reply } from '#http/api.ts';
import { contract } from '#http/routes/permits.ts';

interface Revocation {
  permit: PermitRecord;
  reasons: string[];
  apiBase: string;
}

export const command: CaseCommand<Revocation, Reply, Principal> = {
  caseId: (input) => input.permit.caseId,
  access: () => visibleCase,
  decide: ({ case: agg, input, actor, now }) => {
    const revokedAt = agg.record.permit?.revokedAt;
    if (revokedAt) throw conflict(`permit ${input.permit.number} was revoked at ${revokedAt}`, { revokedAt });
    const change = revokePermit(agg, input.permit, `admin:${actor.sub}`, input.reasons, now);
    return { change, outcome: () => ({ reply: { body: permitView(change.permit, now, input.apiBase) } }) };
  },
};

export const revokePermitRoute = (rt: Runtime, permits: Permits) =>
  httpRoute(contract['POST /permits/{number}/revocation'], async ({ principal, params, body, event }) => {
    const permit = await permits.getPermit(params.number);
    if (!permit) throw notFound(`permit ${params.number}`);
    return runCommand(rt, command, principal, { permit, reasons: body.reasons, apiBase: apiBaseOf(event) });
  });

export const handler = revokePermitRoute(awsRuntime(), { getPermit });
