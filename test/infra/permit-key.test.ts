// The permit signing key in the synthesized stack: an asymmetric KMS key that outlives its
// stack, that only the issuer may sign with and only the permit readers may read the public
// key of, with nothing in its key policy beyond the account (CDK's default).
import assert from 'node:assert/strict';
import { Annotations, App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { allFunctions, env } from '../../infra/manifest.ts';
import { OneStopStack } from '../../infra/stack.ts';
import { cdkJsonContext, defaultSynth, referencedId, roleStatements } from '../support/synth.ts';

const s = defaultSynth();
const { json, stack } = s;
const keyId = s.logicalId(stack.permitKey);
const key = json.Resources[keyId]!;
const KEY_ARN = { 'Fn::GetAtt': [keyId, 'Arn'] };
const ACCOUNT_ROOT = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };

const statementsOf = (name: string) => roleStatements(json, s.logicalId(stack.functions.get(name)!.role!));
const variablesOf = (name: string) =>
  json.Resources[s.logicalId(stack.functions.get(name)!)]!.Properties!.Environment.Variables as Record<string, unknown>;
const namesWith = (access: 'sign' | 'read') =>
  allFunctions()
    .filter((f) => f.permitKey === access)
    .map((f) => f.name)
    .sort();

describe('the permit key', () => {
  it('is an ECC_NIST_P256 key for signing and verifying, under the alias of its stack', () => {
    assert.equal(key.Type, 'AWS::KMS::Key');
    assert.equal(key.Properties!.KeySpec, 'ECC_NIST_P256');
    assert.equal(key.Properties!.KeyUsage, 'SIGN_VERIFY');
    // KMS rotates symmetric keys only: nothing to enable, and nothing asked for
    assert.equal(key.Properties!.EnableKeyRotation, undefined);
    const aliases = Object.values(json.Resources).filter((r) => r.Type === 'AWS::KMS::Alias');
    assert.deepEqual(
      aliases.map((a) => [a.Properties!.AliasName, referencedId(a.Properties!.TargetKeyId)]),
      [['alias/one-stop-permits', keyId]],
    );
  });

  it('another stack in the same account and region gets an alias of its own', () => {
    const app = new App({ context: cdkJsonContext() });
    const staging = new OneStopStack(app, 'OneStopStaging', { bundle: false });
    Annotations.of(staging).acknowledgeWarning('one-stop:placeholder-code');
    Template.fromStack(staging).hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/one-stop-staging-permits' });
  });

  it('is retained when the stack is deleted or the key replaced: permits stay verifiable', () => {
    assert.equal(key.DeletionPolicy, 'Retain');
    assert.equal(key.UpdateReplacePolicy, 'Retain');
  });

  it('its key policy trusts the account alone (the functions are granted through their roles)', () => {
    const statements = key.Properties!.KeyPolicy.Statement as { Effect: string; Principal: unknown; Action: unknown }[];
    assert.ok(statements.length > 0);
    for (const st of statements) {
      assert.equal(st.Effect, 'Allow');
      assert.deepEqual(st.Principal, { AWS: ACCOUNT_ROOT });
    }
    assert.doesNotMatch(JSON.stringify(key.Properties!.KeyPolicy), /"(?:Principal|AWS)":"\*"/);
  });

  it('the stack outputs its ARN', () => {
    const outputs = (json as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
    assert.deepEqual(outputs.PermitKeyArn?.Value, KEY_ARN);
  });
});

describe('who may use it', () => {
  it('the manifest: the issuer signs; the verifier and the public key route read', () => {
    assert.deepEqual(namesWith('sign'), ['IssuePermit']);
    assert.deepEqual(namesWith('read'), ['GetPermitKey', 'VerifyPermit']);
  });

  it('a signer may kms:Sign, and nothing else of KMS, on this key alone', () => {
    for (const name of namesWith('sign')) {
      const kms = statementsOf(name).filter((st) => st.Action.some((a) => a.startsWith('kms:')));
      assert.equal(kms.length, 1, name);
      assert.deepEqual(kms[0]!.Action, ['kms:Sign'], name);
      assert.deepEqual(kms[0]!.Resource, KEY_ARN, name);
    }
  });

  it('a reader may kms:GetPublicKey, and nothing else of KMS, on this key alone', () => {
    for (const name of namesWith('read')) {
      const kms = statementsOf(name).filter((st) => st.Action.some((a) => a.startsWith('kms:')));
      assert.equal(kms.length, 1, name);
      assert.deepEqual(kms[0]!.Action, ['kms:GetPublicKey'], name);
      assert.deepEqual(kms[0]!.Resource, KEY_ARN, name);
    }
  });

  it('no other function may sign, read the key, or name it in a policy', () => {
    for (const spec of allFunctions()) {
      const statements = statementsOf(spec.name);
      const actions = statements.flatMap((st) => st.Action);
      if (spec.permitKey !== 'sign') assert.ok(!actions.some((a) => /^kms:(Sign|\*)$/.test(a)), `${spec.name} may sign`);
      if (!spec.permitKey) assert.ok(!JSON.stringify(statements).includes(keyId), `${spec.name}'s policy names the permit key`);
    }
  });

  it(`${env.permitKey} is the key's ARN on the functions that use it, and unset on all others`, () => {
    for (const spec of allFunctions()) {
      const value = variablesOf(spec.name)[env.permitKey];
      if (spec.permitKey) assert.deepEqual(value, KEY_ARN, spec.name);
      else assert.equal(value, undefined, spec.name);
    }
  });
});
