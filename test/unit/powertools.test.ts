// How every function uses the Powertools Logger and Metrics (functions/adapters/powertools.ts):
// the case and department keys on the log lines of one invocation only, and the domain counts
// published as one EMF line in the OneStop namespace, nothing when nothing was counted.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import type { Context } from 'aws-lambda';
import { metrics } from '#infra/manifest.ts';

// the environment the stack gives every function
process.env.POWERTOOLS_SERVICE_NAME = 'one-stop';
process.env.POWERTOOLS_METRICS_NAMESPACE = metrics.namespace;
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
delete process.env.POWERTOOLS_DEV;
delete process.env.AWS_LAMBDA_LOG_LEVEL;
const { count, injectLambdaContext, logger, logKeys, publishMetrics } = await import('#adapters/powertools.ts');

/** The JSON lines `run` writes to stdout and stderr. */
async function captured(run: () => unknown | Promise<unknown>) {
  const lines = { stdout: [] as any[], stderr: [] as any[] };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const stream of ['stdout', 'stderr'] as const)
    process[stream].write = ((chunk: string) => {
      lines[stream].push(
        ...String(chunk)
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      );
      return true;
    }) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
  return lines;
}

const context = { functionName: 'DecideReview', awsRequestId: 'req-1', invokedFunctionArn: 'arn:fn', memoryLimitInMB: '512' } as Context;

describe('logger', () => {
  it('puts the invocation and the case on its lines, leaves out an absent department, and forgets the case after the invocation', async () => {
    const middleware = injectLambdaContext(logger, { resetKeys: true });
    const { stdout } = await captured(async () => {
      for (const caseId of ['c1', 'c2']) {
        await middleware.before!({ context, event: {} } as any);
        logKeys({ caseId, department: undefined });
        logger.info('handled');
        await middleware.after!({ context, event: {} } as any);
      }
      logger.info('between invocations');
    });
    assert.deepEqual(
      stdout.map((l) => [l.level, l.service, l.function_name, l.caseId, 'department' in l]),
      [
        ['INFO', 'one-stop', 'DecideReview', 'c1', false],
        ['INFO', 'one-stop', 'DecideReview', 'c2', false],
        ['INFO', 'one-stop', 'DecideReview', undefined, false],
      ],
    );
  });

  it('writes errors with their name, message and stack', async () => {
    const { stdout, stderr } = await captured(() => logger.error('unhandled error', new Error('boom')));
    const [line] = [...stdout, ...stderr];
    assert.equal(line.level, 'ERROR');
    assert.equal(line.error.name, 'Error');
    assert.equal(line.error.message, 'boom');
    assert.match(line.error.stack, /^Error: boom/);
  });
});

describe('metrics', () => {
  it('publishes what was counted as one EMF line in the OneStop namespace, then nothing', async () => {
    const { stdout } = await captured(() => {
      count('ReviewsApproved');
      count('DeemedApprovals', 2);
      count('DeemedApprovals');
      publishMetrics();
      publishMetrics();
    });
    assert.equal(stdout.length, 1);
    const { _aws, ...values } = stdout[0];
    assert.equal(_aws.CloudWatchMetrics[0].Namespace, 'OneStop');
    assert.deepEqual(_aws.CloudWatchMetrics[0].Dimensions, [['service']]);
    assert.deepEqual(_aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string; Unit: string }) => [m.Name, m.Unit]).sort(), [
      ['DeemedApprovals', 'Count'],
      ['ReviewsApproved', 'Count'],
    ]);
    assert.deepEqual(values, { service: 'one-stop', ReviewsApproved: 1, DeemedApprovals: [2, 1] });
  });
});
