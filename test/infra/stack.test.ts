// What the synthesized stack promises: runtimes, routes and their authorization, the table,
// the queues, event sources, schedules, the state machine and least-privilege IAM.
// Bundling is off (placeholder code), so this needs no handler bundles (the web console,
// infra/console-site.ts, is built and has tests of its own: console-site.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import {
  allFunctions,
  apiFunctions,
  queueConsumers,
  queues as queueSpecs,
  schedules,
  stateMachine as stateMachineSpec,
  streamConsumers,
  table as tableSpec,
  workflowFunctions,
  type QueueKey,
} from '../../infra/manifest.ts';
import { DEFAULT_DEPARTMENTS } from '../../infra/stack.ts';
import {
  consoleOrigin,
  defaultSynth,
  isCdkHandler,
  projectRoot,
  referencedId,
  resourcesOfType,
  roleStatements,
  synth,
  type CfnResource,
} from '../support/synth.ts';

const s = defaultSynth();
const { template, json, stack } = s;

function fnResource(name: string): CfnResource {
  return json.Resources[s.logicalId(stack.functions.get(name)!)]!;
}
function statementsOf(name: string) {
  return roleStatements(json, s.logicalId(stack.functions.get(name)!.role!));
}
function actionsOf(name: string): Set<string> {
  return new Set(statementsOf(name).flatMap((st) => [st.Action].flat()));
}
/** A CloudFormation string (a literal, or an Fn::Join of literals and pseudo parameters) as text. */
function arnText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map((p) => (typeof p === 'string' ? p : `<${(p as { Ref?: string }).Ref ?? JSON.stringify(p)}>`)).join(join[0]);
  return JSON.stringify(value);
}
/** The state machine's ARN, named by its fixed name: no reference to it, so no cycle. */
const stateMachineName = `${stack.stackName}-${stateMachineSpec.name}`;
const STATE_MACHINE_ARN = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${stateMachineName}`;

const DYNAMODB_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:TransactWriteItems',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
];

describe('functions', () => {
  it('one Lambda per manifest function, all Node.js 24 on arm64', () => {
    const all = resourcesOfType(json, 'AWS::Lambda::Function');
    const lambdas = all.filter(([id]) => !isCdkHandler(id));
    assert.equal(lambdas.length, allFunctions().length);
    // besides them, only the two CDK adds to deploy the console
    assert.equal(all.length - lambdas.length, 2);
    for (const [id, fn] of lambdas) {
      assert.equal(fn.Properties!.Runtime, 'nodejs24.x', id);
      assert.deepEqual(fn.Properties!.Architectures, ['arm64'], id);
    }
  });

  it('memory and timeouts: manifest values, else 512 MB and 10 s (API) / 30 s (others)', () => {
    for (const spec of apiFunctions) {
      assert.equal(fnResource(spec.name).Properties!.MemorySize, spec.memoryMb ?? 512, spec.name);
      assert.equal(fnResource(spec.name).Properties!.Timeout, spec.timeoutSeconds ?? 10, spec.name);
    }
    for (const spec of [...Object.values(workflowFunctions), ...queueConsumers, ...schedules]) {
      assert.equal(fnResource(spec.name).Properties!.Timeout, spec.timeoutSeconds ?? 30, spec.name);
    }
  });

  it('environment: table, service name, source maps; the state machine only where the spec drives it', () => {
    for (const spec of allFunctions()) {
      const vars = fnResource(spec.name).Properties!.Environment.Variables;
      assert.equal(referencedId(vars.TABLE_NAME), s.logicalId(stack.table), spec.name);
      assert.equal(vars.POWERTOOLS_SERVICE_NAME, 'one-stop');
      assert.equal(vars.NODE_OPTIONS, '--enable-source-maps');
      if (spec.workflow?.length) {
        assert.equal(arnText(vars.STATE_MACHINE_ARN), STATE_MACHINE_ARN, spec.name);
      } else {
        assert.equal(vars.STATE_MACHINE_ARN, undefined, `${spec.name} must not know the state machine`);
      }
    }
    // the functions the state machine invokes never reference it (that would be a cycle)
    for (const spec of Object.values(workflowFunctions)) {
      const fn = fnResource(spec.name);
      assert.ok(!JSON.stringify(fn).includes(s.logicalId(stack.stateMachine)), spec.name);
      assert.ok(!JSON.stringify(statementsOf(spec.name)).includes(s.logicalId(stack.stateMachine)), spec.name);
    }
    assert.equal(json.Resources[s.logicalId(stack.stateMachine)]!.Properties!.StateMachineName, stateMachineName);
  });

  it('each function logs to its own log group with a retention', () => {
    for (const spec of allFunctions()) {
      const logGroupId = referencedId(fnResource(spec.name).Properties!.LoggingConfig.LogGroup)!;
      const logGroup = json.Resources[logGroupId]!;
      assert.equal(logGroup.Type, 'AWS::Logs::LogGroup');
      assert.equal(logGroup.Properties!.RetentionInDays, 30);
    }
  });
});

describe('HTTP API', () => {
  const routes = resourcesOfType(json, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);

  it('one route per manifest API function, JWT exactly where auth is required', () => {
    assert.equal(routes.length, apiFunctions.length);
    for (const spec of apiFunctions) {
      const route = routes.find((r) => r.RouteKey === spec.route);
      assert.ok(route, `route ${spec.route}`);
      assert.equal(route.AuthorizationType, spec.auth ? 'JWT' : 'NONE', spec.route);
      assert.equal(route.AuthorizerId !== undefined, spec.auth, spec.route);
    }
    assert.ok(apiFunctions.some((f) => f.auth) && apiFunctions.some((f) => !f.auth));
  });

  it('integrations are Lambda proxy, payload format 2.0', () => {
    const integrations = resourcesOfType(json, 'AWS::ApiGatewayV2::Integration');
    assert.equal(integrations.length, apiFunctions.length);
    for (const [, integration] of integrations) {
      assert.equal(integration.Properties!.IntegrationType, 'AWS_PROXY');
      assert.equal(integration.Properties!.PayloadFormatVersion, '2.0');
    }
  });

  it('the JWT authorizer trusts the user pool and its clients (the API client and the console)', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: s.logicalId(stack.userPoolClient) }, { Ref: s.logicalId(stack.console.client) }],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: s.logicalId(stack.userPool) }],
          ],
        },
      },
    });
    const authorizerId = resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer')[0]![0];
    for (const route of routes.filter((r) => r.AuthorizationType === 'JWT')) {
      assert.equal(referencedId(route.AuthorizerId), authorizerId);
    }
  });

  it('the default stage auto-deploys, is throttled and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });
});

describe('CORS', () => {
  const corsOf = (t: typeof json) => resourcesOfType(t, 'AWS::ApiGatewayV2::Api')[0]![1].Properties!.CorsConfiguration;

  it('without context corsOrigins: the console’s origin only', () => {
    assert.deepEqual(corsOf(json).AllowOrigins, [consoleOrigin(s)]);
  });

  it('from -c corsOrigins=…: those origins too, the methods of the routes, the headers clients send and read', () => {
    const withCors = synth({ context: { corsOrigins: 'https://permits.example.gov, https://admin.example.gov' } });
    assert.deepEqual(corsOf(withCors.json), {
      AllowOrigins: [consoleOrigin(withCors), 'https://permits.example.gov', 'https://admin.example.gov'],
      AllowMethods: ['GET', 'POST', 'PUT'],
      AllowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'if-none-match'],
      ExposeHeaders: ['retry-after', 'etag', 'location'],
      MaxAge: 600,
      AllowCredentials: false,
    });
    // every method a route uses is allowed
    const methods = new Set(apiFunctions.map((f) => f.route.split(' ')[0]));
    assert.deepEqual([...methods].sort(), corsOf(withCors.json).AllowMethods);
    // an array from cdk.json works the same
    const fromArray = synth({ context: { corsOrigins: ['https://permits.example.gov'] } });
    assert.deepEqual(corsOf(fromArray.json).AllowOrigins, [consoleOrigin(fromArray), 'https://permits.example.gov']);
  });

  it('refuses what the HTTP API would not take as an origin', () => {
    assert.throws(() => synth({ context: { corsOrigins: 'https://permits.example.gov/app' } }), /context corsOrigins: not an origin/);
    assert.throws(() => synth({ context: { corsOrigins: 'http://localhost:*' } }), /context corsOrigins: not an origin/);
    assert.throws(() => synth({ context: { corsOrigins: 42 } }), /corsOrigins/);
  });
});

describe('identity', () => {
  it('no self sign-up, a strong password policy', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
    });
  });

  it('groups: applicants, admins and reviewers of each default department', () => {
    const names = resourcesOfType(json, 'AWS::Cognito::UserPoolGroup')
      .map(([, g]) => g.Properties!.GroupName)
      .sort();
    assert.deepEqual(names, ['admins', 'applicants', ...DEFAULT_DEPARTMENTS.map((d) => `reviewers-${d}`)].sort());
  });

  it('departments come from context (array or comma-separated)', () => {
    for (const departments of [['fire', 'health'], 'fire,health']) {
      const other = synth({ context: { departments } });
      const names = resourcesOfType(other.json, 'AWS::Cognito::UserPoolGroup')
        .map(([, g]) => g.Properties!.GroupName)
        .sort();
      assert.deepEqual(names, ['admins', 'applicants', 'reviewers-fire', 'reviewers-health']);
    }
  });

  it('the API client has no secret and uses SRP', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
    const flows = resourcesOfType(json, 'AWS::Cognito::UserPoolClient')[0]![1].Properties!.ExplicitAuthFlows as string[];
    assert.ok(!flows.includes('ALLOW_USER_PASSWORD_AUTH'));
  });
});

describe('table', () => {
  const [[tableId, table]] = resourcesOfType(json, 'AWS::DynamoDB::GlobalTable') as [[string, CfnResource]];

  it('keys, both GSIs with ALL projection, on-demand billing', () => {
    const p = table.Properties!;
    assert.deepEqual(p.KeySchema, [
      { AttributeName: tableSpec.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableSpec.sortKey, KeyType: 'RANGE' },
    ]);
    assert.equal(p.BillingMode, 'PAY_PER_REQUEST');
    assert.deepEqual(
      p.GlobalSecondaryIndexes,
      tableSpec.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        // only what the lists show: writes that change nothing listed do not touch the index
        Projection: i.projection.length
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection] }
          : { ProjectionType: 'KEYS_ONLY' },
      })),
    );
    for (const attr of p.AttributeDefinitions) assert.equal(attr.AttributeType, 'S');
  });

  it('point-in-time recovery, encryption at rest, TTL, retained', () => {
    const p = table.Properties!;
    assert.deepEqual(p.Replicas[0].PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
    assert.deepEqual(p.SSESpecification, { SSEEnabled: true, SSEType: 'KMS' });
    assert.deepEqual(p.TimeToLiveSpecification, { AttributeName: 'expiration', Enabled: true });
    assert.equal(table.DeletionPolicy, 'Retain');
    assert.equal(table.UpdateReplacePolicy, 'Retain');
  });

  it('the case retention every function is given: three years unless -c caseRetentionDays says otherwise', () => {
    const retention = (j: typeof json) =>
      new Set(
        resourcesOfType(j, 'AWS::Lambda::Function')
          .filter(([, fn]) => String(fn.Properties!.Description ?? '').startsWith('one-stop'))
          .map(([, fn]) => fn.Properties!.Environment?.Variables?.CASE_RETENTION_DAYS),
      );
    assert.deepEqual([...retention(json)], ['1096']);
    assert.deepEqual([...retention(synth({ context: { caseRetentionDays: '3650' } }).json)], ['3650']);
    assert.throws(() => synth({ context: { caseRetentionDays: 'forever' } }), /caseRetentionDays must be a positive number/);
  });

  it('deletion protection follows the production context', () => {
    assert.equal(table.Properties!.Replicas[0].DeletionProtectionEnabled, false);
    const prod = synth({ context: { production: true } });
    const prodTable = prod.json.Resources[tableId]!;
    assert.equal(prodTable.Properties!.Replicas[0].DeletionProtectionEnabled, true);
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });
});

describe('queues', () => {
  for (const queueKey of Object.keys(queueSpecs) as QueueKey[]) {
    it(`${queueKey}: DLQ redrive, visibility timeout, SQS-managed SSE, TLS only`, () => {
      const spec = queueSpecs[queueKey];
      const queue = json.Resources[s.logicalId(stack.queues[queueKey])]!;
      const dlqId = s.logicalId(stack.deadLetterQueues[queueKey]);
      const dlq = json.Resources[dlqId]!;
      assert.deepEqual(queue.Properties!.RedrivePolicy, {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: spec.maxReceiveCount,
      });
      assert.equal(queue.Properties!.VisibilityTimeout, spec.visibilityTimeoutSeconds);
      assert.equal(queue.Properties!.SqsManagedSseEnabled, true);
      assert.equal(dlq.Properties!.SqsManagedSseEnabled, true);
      assert.equal(dlq.Properties!.MessageRetentionPeriod, 14 * 24 * 3600);
      for (const id of [s.logicalId(stack.queues[queueKey]), dlqId]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
          },
        });
      }
    });
  }
});

describe('event sources and schedules', () => {
  it('each queue consumer reads its queue in batches and reports item failures', () => {
    const queueIds = new Set(Object.values(stack.queues).map((q) => s.logicalId(q)));
    const mappings = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping').filter(([, m]) =>
      queueIds.has(referencedId(m.Properties!.EventSourceArn)!),
    );
    assert.equal(mappings.length, queueConsumers.length);
    for (const spec of queueConsumers) {
      const fnId = s.logicalId(stack.functions.get(spec.name)!);
      const mapping = mappings.find(([, m]) => referencedId(m.Properties!.FunctionName) === fnId)?.[1];
      assert.ok(mapping, spec.name);
      assert.equal(referencedId(mapping.Properties!.EventSourceArn), s.logicalId(stack.queues[spec.queue]));
      assert.equal(mapping.Properties!.BatchSize, spec.batchSize);
      assert.equal(mapping.Properties!.MaximumBatchingWindowInSeconds, spec.batchWindowSeconds);
      assert.deepEqual(mapping.Properties!.FunctionResponseTypes, ['ReportBatchItemFailures']);
      // Lambda refuses an event source whose visibility timeout is below the function timeout
      assert.ok(queueSpecs[spec.queue].visibilityTimeoutSeconds >= fnResource(spec.name).Properties!.Timeout);
    }
  });

  it('each schedule is a rate rule targeting its function', () => {
    const rules = resourcesOfType(json, 'AWS::Events::Rule');
    assert.equal(rules.length, schedules.length);
    for (const spec of schedules) {
      const fnId = s.logicalId(stack.functions.get(spec.name)!);
      const rule = rules.find(([, r]) => r.Properties!.Targets.some((t: { Arn: unknown }) => referencedId(t.Arn) === fnId))?.[1];
      assert.ok(rule, spec.name);
      const unit = spec.everyMinutes === 1 ? 'minute' : 'minutes';
      assert.equal(rule.Properties!.ScheduleExpression, `rate(${spec.everyMinutes} ${unit})`);
    }
    assert.ok(rules.some(([, r]) => r.Properties!.ScheduleExpression === 'rate(1 minute)'));
  });
});

describe('state machine', () => {
  it('STANDARD, traced, logging to a log group without execution data', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
      },
    });
  });

  it('its role may invoke exactly the workflow functions and send to the substituted queues', () => {
    const statements = roleStatements(json, s.logicalId(stack.stateMachine.role));
    const invoke = statements.filter((st) => st.Action.includes('lambda:InvokeFunction'));
    const invoked = new Set(
      invoke
        .flatMap((st) => [st.Resource].flat())
        .map(referencedId)
        .filter(Boolean),
    );
    const expected = new Set(Object.values(workflowFunctions).map((f) => s.logicalId(stack.functions.get(f.name)!)));
    assert.deepEqual(invoked, expected);
    const send = statements.filter((st) => st.Action.includes('sqs:SendMessage'));
    const sentTo = new Set(send.flatMap((st) => [st.Resource].flat()).map(referencedId));
    const expectedQueues = new Set(Object.values(stateMachineSpec.queueSubstitutions).map((q) => s.logicalId(stack.queues[q])));
    assert.deepEqual(sentTo, expectedQueues);
  });
});

describe('IAM: least privilege from the manifest', () => {
  it('SubmitApplication may start executions, not answer tasks', () => {
    const actions = actionsOf('SubmitApplication');
    assert.ok(actions.has('states:StartExecution'));
    assert.ok(!actions.has('states:SendTaskSuccess'));
    assert.ok(!actions.has('states:StopExecution'));
    const start = statementsOf('SubmitApplication').find((st) => [st.Action].flat().includes('states:StartExecution'))!;
    assert.equal(arnText(start.Resource), STATE_MACHINE_ARN);
  });

  it('DecideReview may answer tasks, not start executions', () => {
    const actions = actionsOf('DecideReview');
    assert.ok(actions.has('states:SendTaskSuccess'));
    assert.ok(actions.has('states:SendTaskFailure'));
    assert.ok(!actions.has('states:StartExecution'));
  });

  it('the functions that settle or arm reviews in the workflow may answer its tasks, on this state machine only', () => {
    for (const name of ['DispatchReview', 'SettleDeadline']) {
      const answer = statementsOf(name).filter((st) => [st.Action].flat().includes('states:SendTaskSuccess'));
      assert.equal(answer.length, 1, name);
      assert.equal(arnText(answer[0]!.Resource), STATE_MACHINE_ARN, name);
      assert.ok(!actionsOf(name).has('states:StartExecution'), name);
    }
    assert.ok(![...actionsOf('PlanReview')].some((a) => a.startsWith('states:')));
  });

  it('only the notifier sends e-mail, and only from the SenderAddress identity', () => {
    for (const spec of allFunctions()) {
      const ses = statementsOf(spec.name).filter((st) => [st.Action].flat().includes('ses:SendEmail'));
      if (spec.name !== 'DeliverNotification') assert.equal(ses.length, 0, spec.name);
      else {
        assert.equal(ses.length, 1);
        const resource = JSON.stringify(ses[0]!.Resource);
        assert.match(resource, /identity\//);
        assert.ok(resource.includes('SenderAddress'));
      }
    }
  });

  it('only the functions that hand out list cursors may read the cursor key, a secret the stack generates', () => {
    const [[secretId, secret]] = resourcesOfType(json, 'AWS::SecretsManager::Secret');
    assert.ok(secret!.Properties!.GenerateSecretString, 'generated at deploy time, never in code');
    assert.equal(resourcesOfType(json, 'AWS::SecretsManager::Secret').length, 1);
    for (const spec of allFunctions()) {
      const reads = statementsOf(spec.name).filter((st) => [st.Action].flat().includes('secretsmanager:GetSecretValue'));
      const vars = fnResource(spec.name).Properties!.Environment.Variables;
      if (spec.signsCursors) {
        assert.equal(reads.length, 1, spec.name);
        assert.equal(referencedId(reads[0]!.Resource), secretId, spec.name);
        assert.equal(referencedId(vars.CURSOR_KEY_SECRET), secretId, spec.name);
      } else {
        assert.equal(reads.length, 0, spec.name);
        assert.equal(vars.CURSOR_KEY_SECRET, undefined, spec.name);
      }
    }
    assert.deepEqual(
      allFunctions()
        .filter((f) => f.signsCursors)
        .map((f) => f.name)
        .sort(),
      ['ListApplications', 'ListReviews'],
    );
  });

  it('the notification publisher may send to the notification queue; the watchdog may start executions and answer tasks', () => {
    assert.ok(actionsOf('PublishNotifications').has('sqs:SendMessage'));
    assert.ok(!actionsOf('PublishNotifications').has('dynamodb:PutItem'));
    const watchdog = actionsOf('DeadlineWatchdog');
    assert.ok(watchdog.has('states:StartExecution'));
    assert.ok(watchdog.has('states:SendTaskSuccess'));
    assert.ok(!watchdog.has('states:StopExecution'));
  });

  it("WithdrawApplication may stop only this state machine's executions", () => {
    const stop = statementsOf('WithdrawApplication').filter((st) => [st.Action].flat().includes('states:StopExecution'));
    assert.equal(stop.length, 1);
    assert.equal(arnText(stop[0]!.Resource), `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}:*`);
    assert.ok(!actionsOf('WithdrawApplication').has('states:StartExecution'));
  });

  it('read-only functions have no DynamoDB write action; readWrite ones do', () => {
    for (const spec of allFunctions()) {
      const actions = actionsOf(spec.name);
      const writes = DYNAMODB_WRITES.filter((a) => actions.has(a));
      if (spec.table === 'readWrite') assert.ok(writes.includes('dynamodb:PutItem'), spec.name);
      else assert.deepEqual(writes, [], `${spec.name} must not write the table`);
      // a stream consumer reads the stream (its event source mapping), not the table
      const STREAM_READS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
      const tableActions = [...actions].filter(
        (a) => a.startsWith('dynamodb:') && !(streamConsumers.some((c) => c.name === spec.name) && STREAM_READS.includes(a)),
      );
      if (!spec.table) assert.deepEqual(tableActions, [], spec.name);
    }
    assert.ok(!DYNAMODB_WRITES.some((a) => actionsOf('ListServices').has(a)));
  });

  it('functions without workflow access have no Step Functions action', () => {
    for (const spec of allFunctions().filter((f) => !f.workflow?.length)) {
      assert.ok(![...actionsOf(spec.name)].some((a) => a.startsWith('states:')), spec.name);
    }
  });

  it('no policy statement grants a wildcard action', () => {
    for (const [id, policy] of resourcesOfType(json, 'AWS::IAM::Policy')) {
      for (const st of policy.Properties!.PolicyDocument.Statement) {
        for (const action of [st.Action].flat() as string[]) {
          assert.notEqual(action, '*', id);
          assert.doesNotMatch(action, /:\*$/, `${id}: ${action}`);
        }
      }
    }
  });
});

describe('outputs and switches', () => {
  it('exports what a client and an operator need', () => {
    for (const name of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'StateMachineArn']) {
      template.hasOutput(name, {});
    }
  });

  it('bundling off gives placeholder code that refuses to run', () => {
    assert.equal(stack.bundled, false);
    for (const [id, fn] of resourcesOfType(json, 'AWS::Lambda::Function')) {
      if (isCdkHandler(id)) continue;
      assert.match(fn.Properties!.Code.ZipFile, /throw new Error\('placeholder/);
    }
  });

  it('rejects a malformed context value', () => {
    assert.throws(() => synth({ context: { production: 'yes' } }), /production must be true or false/);
    assert.throws(() => synth({ context: { departments: ['Fire Dept'] } }), /departments/);
  });
});

describe('operating it', () => {
  it('cdk runs the app on the project’s pinned Node, whatever Node the shell has', () => {
    const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { app: string };
    assert.equal(cdkJson.app, 'node_modules/.bin/node infra/app.ts');
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    assert.match(pkg.devDependencies.node, /^24\./, 'the pinned Node is 24');
    assert.equal(readFileSync(join(projectRoot, '.nvmrc'), 'utf8').trim(), '24');
  });
});
