import { httpRoute } from '#http/api.ts';
import { contract, openApiDocument } from '#http/contract.ts';

// The OpenAPI 3.1 document, generated from the schemas the handlers validate with.
export const handler = httpRoute(contract['GET /openapi.json'], async ({ event }) => ({
  body: openApiDocument(`${event.headers['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`),
}));
