// The logger and metrics every function uses print what the Powertools Logger and Metrics
// print: one JSON object per line, with the same keys, and CloudWatch EMF for metrics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Context } from 'aws-lambda';

process.env.POWERTOOLS_SERVICE_NAME = 'one-stop';
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
delete process.env.AWS_LAMBDA_LOG_LEVEL;
const { count, injectLambdaContext, logger, logKeys, publishMetrics } = await import('#adapters/powertools.ts');

/** The JSON lines `run` writes to stdout and stderr. */
async function captured(run: () => unknown | Promise<unknown>) {
  const lines = { stdout: [] as any[], stderr: [] as any[] };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const stream of ['stdout', 'stderr'] as const)
    process[stream].write = ((chunk: string) => {
      lines[stream].push(...String(chunk).trim().split('\n').map((l) => JSON.parse(l)));
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
  it('prints level, message, timestamp, service, the appended keys and the extra fields; below the level nothing', async () => {
    const { stdout } = await captured(() => {
      logKeys({ caseId: 'c1', department: undefined });
      logger.info('deemed approval recorded', { dueBy: '2026-03-01T16:00:00.000Z', big: 10n });
      logger.debug('not printed');
      logger.resetKeys();
    });
    assert.equal(stdout.length, 1);
    const { timestamp, ...rest } = stdout[0];
    assert.ok(!Number.isNaN(Date.parse(timestamp)));
    assert.deepEqual(rest, { level: 'INFO', message: 'deemed approval recorded', service: 'one-stop', caseId: 'c1', dueBy: '2026-03-01T16:00:00.000Z', big: '10' });
  });

  it('prints warnings and errors on stderr, an error as name, location, message and stack', async () => {
    const cause = new Error('throttled');
    const { stdout, stderr } = await captured(() => {
      logger.error('unhandled error', new Error('boom', { cause }));
      logger.error('watchdog could not handle a case', { caseId: 'c2', error: new TypeError('bad') });
    });
    assert.equal(stdout.length, 0);
    assert.equal(stderr[0].error.name, 'Error');
    assert.equal(stderr[0].error.message, 'boom');
    assert.match(stderr[0].error.location, /powertools\.test\.ts:\d+$/);
    assert.match(stderr[0].error.stack, /^Error: boom/);
    assert.equal(stderr[0].error.cause.message, 'throttled');
    assert.deepEqual([stderr[1].caseId, stderr[1].error.name, stderr[1].error.message], ['c2', 'TypeError', 'bad']);
  });

  it('injectLambdaContext puts the invocation on every line and, with resetKeys, drops the keys it appended', async () => {
    const middleware = injectLambdaContext(logger, { resetKeys: true });
    const { stdout } = await captured(async () => {
      for (const i of [1, 2]) {
        await middleware.before!({ context } as any);
        logKeys({ caseId: `c${i}` });
        logger.info('handled');
        await middleware.after!({ context } as any);
      }
      logger.info('between invocations');
    });
    assert.deepEqual(
      stdout.map((l) => [l.cold_start, l.function_name, l.function_request_id, l.function_memory_size, l.caseId]),
      [
        [true, 'DecideReview', 'req-1', 512, 'c1'],
        [false, 'DecideReview', 'req-1', 512, 'c2'],
        [false, 'DecideReview', 'req-1', 512, undefined],
      ],
    );
  });
});

describe('metrics', () => {
  it('publishes what was counted as one EMF line in the OneStop namespace with the service dimension, then nothing', async () => {
    const { stdout } = await captured(() => {
      count('ReviewsApproved');
      count('DeemedApprovals', 2);
      count('DeemedApprovals');
      publishMetrics();
      publishMetrics();
    });
    assert.equal(stdout.length, 1);
    const { _aws, ...values } = stdout[0];
    assert.ok(Math.abs(_aws.Timestamp - Date.now()) < 60_000);
    assert.deepEqual(_aws.CloudWatchMetrics, [
      { Namespace: 'OneStop', Dimensions: [['service']], Metrics: [{ Name: 'ReviewsApproved', Unit: 'Count' }, { Name: 'DeemedApprovals', Unit: 'Count' }] },
    ]);
    assert.deepEqual(values, { service: 'one-stop', ReviewsApproved: 1, DeemedApprovals: [2, 1] });
  });
});
