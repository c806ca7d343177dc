// Synthesizes OneStopStack for infrastructure tests: bundling off (placeholder code; only the
// web console is built, as the stack always does) and the same context as `cdk synth`
// (cdk.json: feature flags, departments, ...).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Annotations, App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OneStopStack, projectRoot, type OneStopStackProps } from '../../infra/stack.ts';

export { projectRoot };

export interface Synthesized {
  stack: OneStopStack;
  template: Template;
  /** The template as plain JSON. */
  json: CfnTemplate;
  /** The logical id of a construct's CloudFormation resource. */
  logicalId(construct: { node: { defaultChild?: unknown } } | CfnElement): string;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string | string[];
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export function synth(options: { context?: Record<string, unknown>; props?: OneStopStackProps } = {}): Synthesized {
  const app = new App({ context: { ...cdkJsonContext(), ...options.context } });
  const stack = new OneStopStack(app, 'OneStop', { bundle: false, ...options.props });
  // expected here: the placeholder-code warning would only add noise to every test run
  if (!stack.bundled) Annotations.of(stack).acknowledgeWarning('one-stop:placeholder-code');
  const template = Template.fromStack(stack);
  return {
    stack,
    template,
    json: template.toJSON() as CfnTemplate,
    logicalId(construct) {
      const element = ('node' in construct && construct.node.defaultChild ? construct.node.defaultChild : construct) as CfnElement;
      return stack.getLogicalId(element);
    },
  };
}

let cached: Synthesized | undefined;
/** The default synthesis, shared by the tests of one file. */
export function defaultSynth(): Synthesized {
  cached ??= synth();
  return cached;
}

/**
 * The functions CDK itself adds to deploy the web console (infra/console-site.ts): the
 * BucketDeployment handler and the auto-delete-objects provider of the console bucket.
 */
export function isCdkHandler(logicalId: string): boolean {
  return /^Custom(CDKBucketDeployment|S3AutoDeleteObjectsCustomResourceProvider)/.test(logicalId);
}

/** The console's origin as the template says it: https:// and the distribution's domain. */
export function consoleOrigin(s: Synthesized): unknown {
  return { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [s.logicalId(s.stack.console.distribution), 'DomainName'] }]] };
}

/** Resources of one type, by logical id. */
export function resourcesOfType(json: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type);
}

/** Every IAM policy statement attached to a role (by the role's logical id). */
export function roleStatements(json: CfnTemplate, roleLogicalId: string): { Effect: string; Action: string[]; Resource: unknown }[] {
  const statements = [];
  for (const [, policy] of resourcesOfType(json, 'AWS::IAM::Policy')) {
    const roles = (policy.Properties?.Roles ?? []) as unknown[];
    if (!roles.some((r) => isRef(r, roleLogicalId))) continue;
    for (const s of policy.Properties!.PolicyDocument.Statement as any[]) {
      statements.push({ ...s, Action: [s.Action].flat() });
    }
  }
  return statements;
}

export function isRef(value: unknown, logicalId: string): boolean {
  return typeof value === 'object' && value !== null && (value as { Ref?: string }).Ref === logicalId;
}

/** The logical id a { Ref } or { Fn::GetAtt } points at, if it is one. */
export function referencedId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return v.Ref ?? v['Fn::GetAtt']?.[0];
}
