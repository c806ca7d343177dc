import { putService } from '#adapters/catalogue-store.ts';
import type { Catalogue } from '#app/ports.ts';
import { HttpError, httpRoute } from '#http/api.ts';
import { ifMatch, versionTag } from '#http/preconditions.ts';
import { contract } from '#http/routes/put-service.ts';

export const putServiceRoute = (catalogue: Pick<Catalogue, 'putService'>) =>
  httpRoute(contract['PUT /services/{code}'], async ({ params, body, event }) => {
    const { code, version: _version, updatedAt: _updatedAt, ...fields } = body;
    if (code !== undefined && code !== params.code)
      throw new HttpError(400, 'VALIDATION_FAILED', 'the body names another service than the path', {
        issues: [{ path: 'code', message: `must equal the path's code ${params.code}` }],
      });
    const expected = ifMatch(event.headers);
    const saved = await catalogue.putService(
      { ...fields, code: params.code, updatedAt: new Date().toISOString() },
      expected && (expected.any ? 'exists' : expected.versions),
    );
    return { body: saved, headers: { etag: versionTag(saved.version!) } };
  });

export const handler = putServiceRoute({ putService });
