// Every response a test receives from the public API is checked against the OpenAPI document
// the API serves: its status must be declared for the operation, its body must match the
// schema declared for that status (the error envelope for 4xx/5xx), and a header the document
// requires must be there. So the document and the behaviour cannot drift apart. Requests to
// /local/* (the local stack's own routes) are not part of the API and are not checked.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '#http/contract.ts';

type Json = Record<string, any>;

const doc = openApiDocument() as Json;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addSchema(doc, 'openapi.json');

/** A JSON pointer segment. */
const pointerSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

const operations = Object.entries(doc.paths as Json).flatMap(([template, ops]) =>
  Object.entries(ops as Json).map(([method, op]) => ({
    method: method.toUpperCase(),
    template,
    pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
    op: op as Json,
  })),
);

const validators = new Map<string, ValidateFunction>();
function validator(pointer: string): ValidateFunction {
  const known = validators.get(pointer);
  if (known) return known;
  const compiled = ajv.compile({ $ref: `openapi.json#${pointer}` });
  validators.set(pointer, compiled);
  return compiled;
}

const resolve = (node: Json): Json =>
  node.$ref
    ? (node.$ref as string)
        .slice(2)
        .split('/')
        .reduce((n: Json, k) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
    : node;

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `  ${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`).join('\n');

export interface Received {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
}

const isConsoleFile = (pathname: string) =>
  pathname === '/' || pathname === '/index.html' || pathname === '/config.json' || /^\/assets\/[\w.-]+$/.test(pathname);

/** What is wrong with a response by the document, or undefined when it conforms (or is not the API's). */
export function nonConformance({ method, path, status, headers, text }: Received): string | undefined {
  const pathname = new URL(path, 'http://api').pathname;
  if (pathname.startsWith('/local/')) return undefined;
  // The web console's files, which the local stack serves beside the API (CloudFront, in
  // AWS): not operations of the API. A path like /applications/%2e%2e is one of them, since
  // the URL's dot segments resolve to `/` before it is sent.
  if ((method === 'GET' || method === 'HEAD') && isConsoleFile(pathname)) return undefined;
  const what = `${method} ${path} answered ${status}`;
  const found = operations.find((o) => o.method === method && o.pattern.test(pathname));
  let pointer: string;
  let response: Json;
  if (!found) {
    // A route the API does not have: the gateway answers 404 with the error envelope.
    if (status !== 404) return `${what}: no operation of the document matches, and only 404 may answer that`;
    pointer = '/components/responses/NotFound';
    response = doc.components.responses.NotFound;
  } else {
    const declared = found.op.responses[String(status)];
    if (!declared)
      return `${what}: status ${status} is not declared for ${found.op.operationId} (${method} ${found.template}; declared: ${Object.keys(found.op.responses).join(', ')})`;
    pointer = `/paths/${pointerSegment(found.template)}/${method.toLowerCase()}/responses/${status}`;
    response = resolve(declared);
    if (declared.$ref) pointer = (declared.$ref as string).slice(1);
  }
  for (const [name, header] of Object.entries((response.headers ?? {}) as Json))
    if (header.required && !headers.has(name)) return `${what}: the document requires header ${name}`;
  const media = response.content?.['application/json'];
  if (!media) return text === '' ? undefined : `${what}: the document declares no body, but one came: ${text.slice(0, 200)}`;
  if (!/^application\/json\b/.test(headers.get('content-type') ?? ''))
    return `${what}: content-type ${headers.get('content-type')}, the document says application/json`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${what}: the body is not JSON: ${text.slice(0, 200)}`;
  }
  const validate = validator(`${pointer}/content/application~1json/schema`);
  if (!validate(body))
    return `${what}: the body does not match the document's schema:\n${describeErrors(validate.errors)}\nbody: ${text.slice(0, 2000)}`;
  return undefined;
}
