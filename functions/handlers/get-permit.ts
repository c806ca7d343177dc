// A permit, to anyone: the signed document with its digest, signature, status and QR payload.
import { getPermit } from '#adapters/case-store.ts';
import type { Permits } from '#app/ports.ts';
import { notFound } from '#core/errors.ts';
import { permitView } from '#core/permit.ts';
import { apiBaseOf, httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/permits.ts';

export const getPermitRoute = (permits: Permits, now = () => new Date()) =>
  httpRoute(contract['GET /permits/{number}'], async ({ params, event }) => {
    const permit = await permits.getPermit(params.number);
    if (!permit) throw notFound(`permit ${params.number}`);
    return { body: permitView(permit, now(), apiBaseOf(event)) };
  });

export const handler = getPermitRoute({ getPermit });
