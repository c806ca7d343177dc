// The TypeScript types of the API, generated from its OpenAPI document with openapi-typescript,
// as a client team generates them (README, "A typed client"). infra/console/src/openapi.d.ts is
// committed; test/unit/openapi.test.ts fails when it differs from what the document makes now.
// Refresh it with `npm run openapi:types`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '#http/contract.ts';

export const CLIENT_TYPES = resolve(import.meta.dirname, '../../infra/console/src/openapi.d.ts');
export const REFRESH_COMMAND = 'npm run openapi:types';

export async function clientTypes(): Promise<string> {
  const ast = await openapiTS(structuredClone(openApiDocument()) as never);
  return `// Generated from the OpenAPI document by openapi-typescript (${REFRESH_COMMAND}); do not edit.\n\n${astToString(ast)}`;
}

if (import.meta.main) {
  writeFileSync(CLIENT_TYPES, await clientTypes());
  console.log(`wrote ${CLIENT_TYPES}`);
}
