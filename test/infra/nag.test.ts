// cdk-nag's AwsSolutions checks on the synthesized stack: no finding that the stack does
// not acknowledge with a reason (infra/stack.ts, acknowledgeNagFindings; listed in README).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { OneStopStack } from '../../infra/stack.ts';

describe('cdk-nag AwsSolutionsChecks', () => {
  it('finds nothing the stack does not acknowledge', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'one-stop-nag-'));
    try {
      const app = new App({ outdir });
      const stack = new OneStopStack(app, 'OneStop', { bundle: false });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      let failure: Error | undefined;
      try {
        app.synth();
      } catch (err) {
        failure = err as Error;
      }
      const reportFile = join(outdir, 'validation-report.json');
      const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
      assert.equal(failure, undefined, `unacknowledged findings:\n${report.slice(0, 4000)}`);
      const template = JSON.stringify(app.synth().getStackByName(stack.stackName).template);
      assert.ok(template.length > 0);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('catches a finding that is not acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'one-stop-nag-'));
    try {
      const app = new App({ outdir });
      const stack = new OneStopStack(app, 'OneStop', { bundle: false });
      // a queue without a dead-letter queue and without TLS enforcement
      new Queue(stack, 'Unchecked', {});
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      // the message's wording differs by NODE_ENV; the finding it names does not
      assert.throws(() => app.synth(), /AwsSolutions-SQS4/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
