// The deployable stack, built entirely from infra/manifest.ts: the same manifest feeds the
// local runtime, and test/infra/parity.test.ts proves the synthesized template agrees.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Annotations,
  ArnFormat,
  type CfnElement,
  CfnOutput,
  Validations,
  Duration,
  RemovalPolicy,
  Stack,
  Tags,
  type StackProps,
} from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
  PayloadFormatVersion,
  type HttpStage,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, FeaturePlan, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { Architecture, Code, Function as LambdaFn, Runtime, Tracing, type CfnFunction, type FunctionProps } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnParameter } from 'aws-cdk-lib';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { DEFAULT_RETENTION_DAYS } from '../functions/core/watchdog.ts';
import { ConsoleSite } from './console-site.ts';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Alias, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  apiFunctions,
  corsConfig,
  defaultThrottle,
  env,
  metrics as metricsSpec,
  queueConsumers,
  queues as queueSpecs,
  streamConsumers,
  schedules,
  stateMachine as stateMachineSpec,
  SERVICE_NAME,
  table as tableSpec,
  workflowFunctions,
  parseOrigins,
  type CorsConfig,
  type FunctionSpec,
  type MetricName,
  type QueueKey,
} from './manifest.ts';

/** The repository root (this file is infra/stack.ts). Manifest paths are relative to it. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_DEPARTMENTS = ['planning', 'fire', 'environment', 'market'];

/** CfnFunction metadata keys that record where a function comes from (read by the parity test). */
export const ENTRY_METADATA = 'one-stop:entry';
export const NAME_METADATA = 'one-stop:function';

/** ESM output has no `require`; CommonJS dependencies bundled into it need one. */
const ESM_REQUIRE_SHIM = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** How every handler is bundled; test/infra/bundle-size.test.ts bundles with the same options. */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  externalModules: ['@aws-sdk/*'],
  banner: ESM_REQUIRE_SHIM,
};

/** The same bundling as esbuild options, for what measures the bundles (tests, the bench). */
export const esbuildOptions = () => ({
  bundle: true,
  platform: 'node' as const,
  format: BUNDLING.format as 'esm',
  target: BUNDLING.target,
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourceMap,
  external: BUNDLING.externalModules,
  banner: { js: BUNDLING.banner },
});

/** What a function synthesized with bundling off runs: it must never be mistaken for the real thing. */
const PLACEHOLDER_CODE =
  "export const handler = async () => { throw new Error('placeholder: this stack was synthesized with bundling off'); };";

export interface OneStopStackProps extends StackProps {
  /**
   * Bundle each handler with esbuild (NodejsFunction). `false` synthesizes every function as
   * a placeholder inline function with the same configuration, for fast infrastructure tests.
   * @default context `bundle` (`cdk synth -c bundle=false`), else true
   */
  readonly bundle?: boolean;
  /**
   * Production safeguards: deletion protection on the table and user pool, log groups and
   * user pool retained on stack deletion.
   * @default context `production`, else false
   */
  readonly production?: boolean;
  /**
   * Department codes: one Cognito group `reviewers-<code>` each.
   * @default context `departments` (array, or comma-separated string), else DEFAULT_DEPARTMENTS
   */
  readonly departments?: string[];
  /**
   * Origins whose pages may call the API (CORS); none: no CORS.
   * @default context `corsOrigins` (comma-separated string, or array), else none
   */
  readonly corsOrigins?: string[];
  /**
   * Days a case is kept once it ended (or after its submission while INCOMPLETE); then the
   * deadline watchdog erases it with its reviews and timeline. Every function that writes a
   * case gets it (CASE_RETENTION_DAYS), since each indexes the case's erasure.
   * @default context `caseRetentionDays`, else DEFAULT_RETENTION_DAYS (1,096: three years)
   */
  readonly caseRetentionDays?: number;
  /**
   * Prefix of the Cognito domain the web console signs in at
   * (`https://<prefix>.auth.<region>.amazoncognito.com`), unique in the region.
   * @default context `authDomainPrefix`, else `<stack name, lower-case>-<account id>`
   */
  readonly authDomainPrefix?: string;
}

type FunctionKind = 'api' | 'workflow' | 'consumer' | 'schedule';

export class OneStopStack extends Stack {
  readonly table: TableV2;
  readonly queues: Record<QueueKey, Queue>;
  readonly deadLetterQueues: Record<QueueKey, Queue>;
  /** Every function, by manifest name. */
  readonly functions: Map<string, LambdaFn>;
  readonly stateMachine: StateMachine;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly bundled: boolean;
  readonly alarmTopic: Topic;
  /** The HTTP API's CORS configuration (infra/manifest.ts `cors`): the console's origin and those of `corsOrigins`. */
  readonly cors: CorsConfig | undefined;
  /** The web console: S3, CloudFront, its Cognito domain and app client (infra/console-site.ts). */
  readonly console: ConsoleSite;
  /** The asymmetric KMS key that signs permits (retained: permits stay verifiable). */
  readonly permitKey: Key;

  constructor(scope: Construct, id: string, props: OneStopStackProps = {}) {
    super(scope, id, props);

    const bundle = props.bundle ?? contextFlag(this, 'bundle', true);
    const production = props.production ?? contextFlag(this, 'production', false);
    const departments = props.departments ?? contextList(this, 'departments', DEFAULT_DEPARTMENTS);
    const retentionDays = props.caseRetentionDays ?? contextNumber(this, 'caseRetentionDays', DEFAULT_RETENTION_DAYS);
    this.bundled = bundle;
    const corsOrigins = props.corsOrigins ?? contextOrigins(this, 'corsOrigins');
    if (!bundle) {
      Annotations.of(this).addWarningV2(
        'one-stop:placeholder-code',
        'Bundling is off: every function is a placeholder that throws. Do not deploy this template.',
      );
    }
    Tags.of(this).add('project', 'one-stop');
    const transientRemoval = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // ---------------------------------------------------------------- table
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: key(tableSpec.partitionKey),
      sortKey: key(tableSpec.sortKey),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableSpec.timeToLiveAttribute,
      // new timeline events feed the notification publisher
      dynamoStream: StreamViewType.NEW_IMAGE,
      deletionProtection: production,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: tableSpec.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        ...(index.projection.length
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }
          : { projectionType: ProjectionType.KEYS_ONLY }),
      })),
    });

    // ---------------------------------------------------------------- queues
    const queues = {} as Record<QueueKey, Queue>;
    const deadLetterQueues = {} as Record<QueueKey, Queue>;
    for (const queueKey of Object.keys(queueSpecs) as QueueKey[]) {
      const spec = queueSpecs[queueKey];
      const base = pascal(queueKey);
      const dlq = new Queue(this, `${base}DeadLetterQueue`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      queues[queueKey] = new Queue(this, `${base}Queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
      });
      deadLetterQueues[queueKey] = dlq;
    }
    this.queues = queues;
    this.deadLetterQueues = deadLetterQueues;

    // ---------------------------------------------------------------- e-mail
    const senderAddress = new CfnParameter(this, 'SenderAddress', {
      type: 'String',
      description: 'A verified Amazon SES identity (e-mail address) that notifications are sent from',
      default: 'notifications@example.gov',
    });

    // ---------------------------------------------------------------- secrets
    // The HMAC key that signs list cursors, generated by Secrets Manager at deploy time: no
    // one ever sees it, and only the functions that hand out cursors may read it.
    const cursorKey = new Secret(this, 'CursorKey', {
      description: 'one-stop: signs list cursors (HMAC-SHA256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: transientRemoval,
    });
    acknowledge(
      cursorKey,
      'SMG4',
      'Rotation would only make the cursors in flight invalid (clients then list from the start); the key protects list positions, not data, and is never shown to anyone.',
    );

    // ---------------------------------------------------------------- permit key
    // Permits are signed with an asymmetric key whose private half never leaves KMS; anyone
    // verifies with its public key. Retained with the stack or without it: a permit must stay
    // verifiable after its stack is replaced. KMS has no automatic rotation for asymmetric
    // keys (cdk-nag's KMS5 checks symmetric keys only): a new key would be a new signer, and
    // each permit names the key id it was signed with.
    const permitKey = new Key(this, 'PermitKey', {
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: `alias/${kebab(this.stackName)}-permits`,
      description: 'one-stop: signs electronic permits (ECDSA P-256, SHA-256)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.permitKey = permitKey;
    const permitKeyActions = { sign: 'kms:Sign', read: 'kms:GetPublicKey' } as const;

    // ---------------------------------------------------------------- functions
    const functions = new Map<string, LambdaFn>();
    const specs = new Map<string, FunctionSpec>();
    const makeFunction = (spec: FunctionSpec, kind: FunctionKind): LambdaFn => {
      if (functions.has(spec.name)) throw new Error(`manifest: function name ${spec.name} is used twice`);
      const logGroup = new LogGroup(this, `${spec.name}Logs`, {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: transientRemoval,
      });
      const environment: Record<string, string> = {
        [env.table]: this.table.tableName,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: metricsSpec.namespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        CASE_RETENTION_DAYS: String(retentionDays),
        NODE_OPTIONS: '--enable-source-maps',
      };
      for (const queueKey of spec.sendsTo ?? []) environment[env.queueUrl(queueKey)] = queues[queueKey].queueUrl;
      if (spec.signsCursors) environment[env.cursorKey] = cursorKey.secretArn;
      if (spec.permitKey) environment[env.permitKey] = permitKey.keyArn;
      if (spec.sendsEmail) {
        environment.NOTIFICATION_CHANNEL = 'ses';
        environment.SENDER_ADDRESS = senderAddress.valueAsString;
      }
      const common = {
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: spec.memoryMb ?? 512,
        timeout: Duration.seconds(spec.timeoutSeconds ?? (kind === 'api' ? 10 : 30)),
        environment,
        logGroup,
        tracing: Tracing.ACTIVE,
        description: `one-stop ${spec.name} (${spec.entry})`,
      } satisfies Partial<FunctionProps>;
      const fn = bundle
        ? new NodejsFunction(this, spec.name, {
            ...common,
            entry: path.join(projectRoot, spec.entry),
            handler: 'handler',
            projectRoot,
            depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
            bundling: BUNDLING,
          })
        : new LambdaFn(this, spec.name, { ...common, handler: 'index.handler', code: Code.fromInline(PLACEHOLDER_CODE) });
      acknowledge(fn, 'IAM5[Resource::*]', 'X-Ray (xray:PutTraceSegments, PutTelemetryRecords) accepts only the * resource.');
      const cfn = fn.node.defaultChild as CfnFunction;
      cfn.addMetadata(ENTRY_METADATA, spec.entry);
      cfn.addMetadata(NAME_METADATA, spec.name);

      if (spec.sendsEmail)
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: senderAddress.valueAsString })],
          }),
        );
      if (spec.signsCursors) cursorKey.grantRead(fn);
      // the issuer may only sign, a reader only fetch the public key
      if (spec.permitKey) {
        if (!(spec.permitKey in permitKeyActions))
          throw new Error(`manifest: ${spec.name} has unknown permit key access ${spec.permitKey}`);
        permitKey.grant(fn, permitKeyActions[spec.permitKey]);
      }
      if (spec.table === 'read') this.table.grantReadData(fn);
      else if (spec.table === 'readWrite') this.table.grantReadWriteData(fn);
      for (const queueKey of spec.sendsTo ?? []) queues[queueKey].grantSendMessages(fn);

      functions.set(spec.name, fn);
      specs.set(spec.name, spec);
      return fn;
    };

    const apiFns = apiFunctions.map((spec) => ({ spec, fn: makeFunction(spec, 'api') }));
    for (const spec of Object.values(workflowFunctions)) makeFunction(spec, 'workflow');
    for (const spec of queueConsumers) {
      const fn = makeFunction(spec, 'consumer');
      const queueSpec = queueSpecs[spec.queue];
      const timeoutSeconds = fn.timeout?.toSeconds() ?? 0;
      // Lambda refuses an SQS event source whose visibility timeout is shorter than the function's.
      if (queueSpec.visibilityTimeoutSeconds < timeoutSeconds) {
        throw new Error(
          `manifest: queue ${spec.queue} visibility timeout (${queueSpec.visibilityTimeoutSeconds} s) is shorter than ${spec.name}'s timeout (${timeoutSeconds} s)`,
        );
      }
      fn.addEventSource(
        new SqsEventSource(queues[spec.queue], {
          batchSize: spec.batchSize,
          reportBatchItemFailures: true,
          ...(spec.batchWindowSeconds ? { maxBatchingWindow: Duration.seconds(spec.batchWindowSeconds) } : {}),
        }),
      );
    }
    for (const spec of streamConsumers) {
      const fn = makeFunction(spec, 'consumer');
      const failures = new Queue(this, `${spec.name}Failures`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      fn.addEventSource(
        new DynamoEventSource(this.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: spec.batchSize,
          reportBatchItemFailures: true,
          bisectBatchOnError: true,
          retryAttempts: spec.retryAttempts,
          onFailure: new SqsDlq(failures),
          filters: [
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: {
                NewImage: Object.fromEntries(
                  Object.entries(spec.newImage).map(([name, values]) => [name, { S: FilterRule.or(...values) }]),
                ),
              },
            }),
          ],
        }),
      );
    }
    for (const spec of schedules) {
      const fn = makeFunction(spec, 'schedule');
      new Rule(this, `${spec.name}Schedule`, {
        description: `one-stop ${spec.name} every ${spec.everyMinutes} min`,
        schedule: Schedule.rate(Duration.minutes(spec.everyMinutes)),
        // the next run comes soon anyway: a stale retry is of no use
        targets: [new LambdaTarget(fn, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
      });
    }
    this.functions = functions;

    // ---------------------------------------------------------------- state machine
    // The ASL goes into the template inline (DefinitionString), not as an S3 asset as
    // DefinitionBody.fromFile would do: `cdk diff` then shows workflow changes, and the
    // parity test can compare it with the file. CloudFormation fills in ${...} itself.
    const definitionPath = path.join(projectRoot, stateMachineSpec.definitionFile);
    const definitionText = readFileSync(definitionPath, 'utf8');
    const definition = JSON.stringify(JSON.parse(definitionText));
    const definitionSubstitutions: Record<string, string> = {};
    for (const [placeholder, spec] of Object.entries(workflowFunctions)) {
      definitionSubstitutions[placeholder] = functions.get(spec.name)!.functionArn;
    }
    for (const [placeholder, queueKey] of Object.entries(stateMachineSpec.queueSubstitutions)) {
      definitionSubstitutions[placeholder] = queues[queueKey].queueUrl;
    }
    const placeholders = new Set([...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
    const missing = [...placeholders].filter((p) => !(p in definitionSubstitutions));
    const unused = Object.keys(definitionSubstitutions).filter((p) => !placeholders.has(p));
    if (missing.length || unused.length) {
      throw new Error(
        `${stateMachineSpec.definitionFile}: placeholders without a manifest substitution: [${missing.join(', ')}]; substitutions not used: [${unused.join(', ')}]`,
      );
    }

    const stateMachineLogs = new LogGroup(this, `${stateMachineSpec.name}Logs`, {
      // the /aws/vendedlogs/ prefix keeps the account's CloudWatch Logs resource policy small
      logGroupName: `/aws/vendedlogs/states/${this.stackName}-${stateMachineSpec.name}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: transientRemoval,
    });
    // A fixed name lets a policy name the state machine's ARN without a reference to it: the
    // functions it invokes may then complete its tasks without a dependency cycle.
    const stateMachineName = `${this.stackName}-${stateMachineSpec.name}`;
    const stateMachineArn = this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const executionsArn = this.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.stateMachine = new StateMachine(this, stateMachineSpec.name, {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions,
      tracingEnabled: true,
      // execution data would put task tokens (bearer credentials for a review) into the logs
      logs: { destination: stateMachineLogs, level: LogLevel.ALL, includeExecutionData: false },
    });
    for (const spec of Object.values(workflowFunctions)) functions.get(spec.name)!.grantInvoke(this.stateMachine);
    for (const queueKey of Object.values(stateMachineSpec.queueSubstitutions)) {
      queues[queueKey].grantSendMessages(this.stateMachine);
    }

    // Workflow access, granted on the state machine's ARN by name (see above).
    const workflowActions = {
      start: { actions: ['states:StartExecution'], resources: [stateMachineArn] },
      sendTaskResult: {
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [stateMachineArn],
      },
      stop: { actions: ['states:StopExecution'], resources: [executionsArn] },
    };
    for (const [name, fn] of functions) {
      const access = specs.get(name)!.workflow ?? [];
      if (access.length === 0) continue;
      fn.addEnvironment(env.stateMachine, stateMachineArn);
      for (const grant of new Set(access)) {
        if (!(grant in workflowActions)) throw new Error(`manifest: ${name} has unknown workflow access ${String(grant)}`);
        fn.addToRolePolicy(new PolicyStatement(workflowActions[grant]));
      }
    }

    // ---------------------------------------------------------------- identity
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const groups: { name: string; description: string }[] = [
      { name: 'applicants', description: 'Citizens and companies that apply for permits' },
      { name: 'admins', description: 'Service centre administrators: catalogue, calendar, all cases' },
      ...departments.map((code) => ({ name: `reviewers-${code}`, description: `Reviewers of department ${code}` })),
    ];
    for (const group of groups) {
      this.userPool.addGroup(`${pascal(group.name)}Group`, { groupName: group.name, description: group.description });
    }
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });

    // ---------------------------------------------------------------- web console
    // Its distribution comes before the API, which allows its origin; its files after.
    this.console = new ConsoleSite(this, 'Console', {
      userPool: this.userPool,
      production,
      authDomainPrefix: props.authDomainPrefix ?? contextValue(this, 'authDomainPrefix'),
    });
    this.cors = corsConfig([this.console.origin, ...corsOrigins]);

    // ---------------------------------------------------------------- HTTP API
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'One-stop permit service',
      createDefaultStage: false,
      // The HTTP API answers preflights itself and adds the headers to every answer.
      ...(this.cors
        ? {
            corsPreflight: {
              allowOrigins: this.cors.allowOrigins,
              allowMethods: this.cors.allowMethods.map((m) => CorsHttpMethod[m as keyof typeof CorsHttpMethod]),
              allowHeaders: this.cors.allowHeaders,
              exposeHeaders: this.cors.exposeHeaders,
              maxAge: Duration.seconds(this.cors.maxAgeSeconds),
              allowCredentials: this.cors.allowCredentials,
            },
          }
        : {}),
    });
    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: transientRemoval,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 200, rateLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
    const jwtAuthorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${this.region}.${this.urlSuffix}/${this.userPool.userPoolId}`,
      // ID tokens of either client: the API client (SRP) and the console (hosted UI)
      { jwtAudience: [this.userPoolClient.userPoolClientId, this.console.client.userPoolClientId], authorizerName: 'cognito-jwt' },
    );
    const noAuth = new HttpNoneAuthorizer();
    // per-route throttling, from the manifest (the stage default covers what is not listed)
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      apiFunctions.map((spec) => {
        const t = spec.throttle ?? defaultThrottle;
        return [spec.route, { ThrottlingRateLimit: t.rate, ThrottlingBurstLimit: t.burst }];
      }),
    );
    for (const { spec, fn } of apiFns) {
      const [method, routePath] = spec.route.split(' ') as [keyof typeof HttpMethod, string];
      const authorizer: IHttpRouteAuthorizer = spec.auth ? jwtAuthorizer : noAuth;
      const routes = this.httpApi.addRoutes({
        path: routePath,
        methods: [HttpMethod[method]],
        integration: new HttpLambdaIntegration(`${spec.name}Integration`, fn, {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        }),
        authorizer,
      });
      // the stage's route settings name these routes: they must exist first
      for (const route of routes) {
        this.stage.node.addDependency(route);
        if (!spec.auth)
          acknowledge(
            route,
            'APIG4',
            `${spec.route} is public by design (health, the catalogue, the API description, statistics, the calendar).`,
          );
      }
    }

    this.console.deploy(this.httpApi.apiEndpoint);
    this.alarmTopic = this.monitoring(contextValue(this, 'alarmEmail'));
    this.acknowledgeNagFindings();

    // ---------------------------------------------------------------- outputs
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    new CfnOutput(this, 'ConsoleBucketName', { value: this.console.bucket.bucketName });
    new CfnOutput(this, 'PermitKeyArn', { value: permitKey.keyArn, description: 'The KMS key that signs permits' });
  }
  /**
   * Alarms on what needs a person (any message in a dead-letter queue, failed or timed-out
   * executions, function errors and throttles, API 5xx, safety-net settlements), sent to one
   * SNS topic (e-mail from context `alarmEmail`), and a dashboard of the main figures.
   */
  private monitoring(email: string | undefined): Topic {
    const topic = new Topic(this, 'Alarms', {
      displayName: 'one-stop alarms',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    if (email) topic.addSubscription(new EmailSubscription(email));
    const notify = new SnsAction(topic);
    const alarm = (id: string, metric: IMetric, description: string, threshold = 0, periods = 1) => {
      const a = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${description} See README, Runbook.`,
      });
      a.addAlarmAction(notify);
      return a;
    };
    const minute = Duration.minutes(1);
    for (const [key, dlq] of Object.entries(this.deadLetterQueues))
      alarm(
        `${pascal(key)}DeadLetters`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
        `Messages in the ${key} dead-letter queue: a message failed every retry.`,
      );
    alarm('ExecutionsFailed', this.stateMachine.metricFailed({ period: minute }), 'A case workflow execution failed.');
    alarm('ExecutionsTimedOut', this.stateMachine.metricTimedOut({ period: minute }), 'A case workflow execution timed out.');
    for (const [name, fn] of this.functions) {
      alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), `${name} returned errors.`);
      alarm(`${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5) }), `${name} was throttled.`);
    }
    const api5xx = new MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: {
        errors: this.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        requests: this.httpApi.metricCount({ period: Duration.minutes(5), statistic: 'Sum' }),
      },
      label: 'API 5xx %',
      period: Duration.minutes(5),
    });
    alarm('Api5xxRate', api5xx, 'More than 1% of API requests failed on the server side.', 1, 2);
    const domainMetric = (metricName: MetricName) =>
      new Metric({
        namespace: metricsSpec.namespace,
        metricName,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    const safetyNet = domainMetric('SafetyNetSettlements');
    alarm('SafetyNetSettlements', safetyNet, 'The watchdog settled a review the workflow missed.');
    const redrives = domainMetric('WorkflowRedrives');
    alarm('WorkflowRedrives', redrives, 'The watchdog started a workflow that never started.');

    new Dashboard(this, 'Dashboard', {
      dashboardName: `${this.stackName}-one-stop`,
      widgets: [
        [
          new GraphWidget({
            title: 'API requests and 5xx',
            left: [this.httpApi.metricCount({ statistic: 'Sum' })],
            right: [this.httpApi.metricServerError({ statistic: 'Sum' })],
          }),
          new GraphWidget({
            title: 'API latency (p50, p99)',
            left: [this.httpApi.metricLatency({ statistic: 'p50' }), this.httpApi.metricLatency({ statistic: 'p99' })],
          }),
        ],
        [
          new GraphWidget({
            title: 'Case workflows',
            left: [
              this.stateMachine.metricStarted(),
              this.stateMachine.metricSucceeded(),
              this.stateMachine.metricFailed(),
              this.stateMachine.metricTimedOut(),
            ],
          }),
          new GraphWidget({
            title: 'Cases and reviews',
            left: metricsSpec.graphed.map((metricName) => domainMetric(metricName)),
          }),
        ],
        [
          new GraphWidget({
            title: 'Dead-letter queues',
            left: Object.values(this.deadLetterQueues).map((q) => q.metricApproximateNumberOfMessagesVisible()),
          }),
          new GraphWidget({ title: 'Function errors', left: [...this.functions.values()].map((fn) => fn.metricErrors()) }),
        ],
      ],
    });
    return topic;
  }

  private acknowledgeNagFindings(): void {
    const ack = acknowledge;
    const id = (c: Construct) => this.getLogicalId(c.node.defaultChild as CfnElement);
    ack(
      this,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The AWS-managed basic execution role only lets a function write its own logs (CreateLogStream, PutLogEvents); each function has its own log group with a retention.',
    );
    ack(
      this,
      `IAM5[Resource::<${id(this.table)}.Arn>/index/*]`,
      "Functions query the table's own global secondary indexes; the grant covers this table's indexes only.",
    );
    for (const spec of Object.values(workflowFunctions))
      ack(
        this.stateMachine,
        `IAM5[Resource::<${id(this.functions.get(spec.name)!)}.Arn>:*]`,
        'The state machine invokes its task functions; the wildcard is their versions and aliases only.',
      );
    ack(
      this,
      `IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${this.stackName}-${stateMachineSpec.name}:*]`,
      'Withdrawal stops the case execution; executions are named by case id, so the grant covers the executions of this state machine only.',
    );
    ack(
      this.stateMachine,
      'IAM5[Resource::*]',
      'X-Ray tracing and CloudWatch Logs delivery for Step Functions accept only the * resource.',
    );
    ack(
      this.userPool,
      'COG2',
      'MFA is optional so that citizens without an authenticator can apply; staff accounts should be federated from the authority directory, which enforces MFA.',
    );
    ack(this.userPool, 'COG8', 'The Essentials plan is used; threat protection (Plus plan) is a cost decision for the operator.');
    ack(this, 'SQS3', 'The stream publisher failure queue is itself a dead-letter destination.');
  }
}

/** Accept a cdk-nag AwsSolutions finding on a construct (and what it contains), with the reason. */
function acknowledge(scope: Construct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason });
}

/** OneStop → one-stop, OneStopStaging → one-stop-staging */
function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9/_-]+/g, '-')
    .toLowerCase();
}

/** reviewDispatch → ReviewDispatch, reviewers-fire → ReviewersFire */
function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** A string context value, if set. */
function contextValue(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  return typeof value === 'string' && value ? value : undefined;
}

/** A positive number from context (a number in cdk.json, or a string from `-c key=value`). */
function contextNumber(scope: Construct, key: string, fallback: number): number {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`context ${key} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
}

/** A boolean context value: true/false from cdk.json, or "true"/"false" from `-c key=value`. */
function contextFlag(scope: Construct, key: string, fallback: boolean): boolean {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`context ${key} must be true or false, got ${JSON.stringify(value)}`);
}

/** Origins from context: an array from cdk.json, or a comma-separated string from `-c`. */
function contextOrigins(scope: Construct, key: string): string[] {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return parseOrigins(value.join(','), `context ${key}`);
  if (typeof value === 'string') return parseOrigins(value, `context ${key}`);
  throw new Error(`context ${key} must be a comma-separated list of origins, got ${JSON.stringify(value)}`);
}

/** A list context value: an array from cdk.json, or a JSON array / comma-separated string from `-c`. */
function contextList(scope: Construct, key: string, fallback: string[]): string[] {
  let value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') {
    const text = value.trim();
    value = text.startsWith('[')
      ? JSON.parse(text)
      : text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !/^[a-z][a-z0-9-]{0,62}$/.test(v))) {
    throw new Error(`context ${key} must be a list of lower-case codes, got ${JSON.stringify(value)}`);
  }
  return [...new Set(value as string[])];
}
