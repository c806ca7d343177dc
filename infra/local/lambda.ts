// Invokes handler modules as Lambda would: one module instance per function, an event of
// the shape AWS sends, and a context with the function's remaining time.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../manifest.ts';
import { invocationScope, meter, recordInvocation } from './meter.ts';

export const projectRoot = resolve(import.meta.dirname, '../..');

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalFunction {
  spec: FunctionSpec;
  invoke(event: unknown): Promise<unknown>;
}

export function lambdaContext(spec: FunctionSpec): Context {
  const timeoutMs = (spec.timeoutSeconds ?? 30) * 1000;
  const deadline = Date.now() + timeoutMs;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${spec.name}`,
    memoryLimitInMB: String(spec.memoryMb ?? 512),
    awsRequestId,
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** Imports the handler module. Call only after the environment points at the stand-ins. */
export async function loadFunction(spec: FunctionSpec): Promise<LocalFunction> {
  const mod = (await import(pathToFileURL(resolve(projectRoot, spec.entry)).href)) as { handler?: Handler };
  if (typeof mod.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
  const handler = mod.handler;
  return {
    spec,
    invoke: async (event) => {
      const started = performance.now();
      try {
        const context = lambdaContext(spec);
        return await (meter.enabled ? invocationScope.run(spec.name, () => handler(event, context)) : handler(event, context));
      } finally {
        recordInvocation(spec.name, performance.now() - started);
      }
    },
  };
}
