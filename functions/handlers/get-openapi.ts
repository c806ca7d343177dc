import { httpRoute } from '#http/api.ts';
import { openApiDocument } from '#http/contract.ts';
import { contract } from '#http/routes/get-openapi.ts';

// The OpenAPI 3.1 document, generated from the schemas the handlers validate with: the one
// handler that bundles every route's contract.
export const handler = httpRoute(contract['GET /openapi.json'], async ({ event }) => ({
  body: openApiDocument(`${event.headers['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`),
}));
