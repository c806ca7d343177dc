// The synthesized template and the local runtime run the same system: both are built from
// infra/manifest.ts, and this proves the template says what the manifest says (routes,
// handler entries, event wiring, the workflow definition) and that the handlers exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import {
  allFunctions,
  apiFunctions,
  env,
  queueConsumers,
  queues as queueSpecs,
  schedules,
  stateMachine as stateMachineSpec,
  streamConsumers,
  workflowFunctions,
  type QueueKey,
} from '../../infra/manifest.ts';
import { ENTRY_METADATA, NAME_METADATA } from '../../infra/stack.ts';
import { localCors } from '../../infra/local/http.ts';
import { PERMIT_KEY_ALIAS } from '../../infra/local/kms.ts';
import {
  consoleOrigin,
  defaultSynth,
  isCdkHandler,
  projectRoot,
  referencedId,
  resourcesOfType,
  synth,
  type CfnResource,
} from '../support/synth.ts';

const s = defaultSynth();
const { json, stack } = s;

/** The application's functions (not the handlers CDK adds to deploy the console). */
const lambdas = resourcesOfType(json, 'AWS::Lambda::Function').filter(([id]) => !isCdkHandler(id));
/** Lambda logical id → manifest name, as recorded in the template itself. */
const nameOfLambda = new Map(lambdas.map(([id, r]) => [id, r.Metadata?.[NAME_METADATA] as string]));
const entryOfLambda = new Map(lambdas.map(([id, r]) => [id, r.Metadata?.[ENTRY_METADATA] as string]));
/** Queue logical id → manifest queue key. */
const keyOfQueue = new Map((Object.keys(queueSpecs) as QueueKey[]).map((k) => [s.logicalId(stack.queues[k]), k]));

function lambdaNameOf(ref: unknown): string | undefined {
  const id = referencedId(ref);
  return id === undefined ? undefined : nameOfLambda.get(id);
}

describe('routes', () => {
  const routes = resourcesOfType(json, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);

  it('the route keys in the template are exactly the manifest routes', () => {
    const inTemplate = routes.map((r) => r.RouteKey as string).sort();
    const inManifest = apiFunctions.map((f) => f.route).sort();
    assert.deepEqual(inTemplate, inManifest);
    assert.equal(new Set(inManifest).size, inManifest.length, 'a route is declared twice');
  });

  it('each route invokes the function the manifest names for it', () => {
    for (const spec of apiFunctions) {
      const route = routes.find((r) => r.RouteKey === spec.route)!;
      // Target: integrations/<integration>
      const join = route.Target['Fn::Join'][1] as unknown[];
      const integrationId = referencedId(join[1])!;
      const integration = json.Resources[integrationId]!;
      assert.equal(integration.Type, 'AWS::ApiGatewayV2::Integration');
      assert.equal(lambdaNameOf(integration.Properties!.IntegrationUri), spec.name, spec.route);
    }
  });
});

describe('CORS', () => {
  it('the HTTP API and the local stand-in answer with the same configuration for the same origins', () => {
    const origins = 'https://permits.example.gov,https://admin.example.gov';
    const withCors = synth({ context: { corsOrigins: origins } });
    const inTemplate = resourcesOfType(withCors.json, 'AWS::ApiGatewayV2::Api')[0]![1].Properties!.CorsConfiguration;
    const local = localCors({ CORS_ORIGINS: origins })!;
    // the stack also allows the origin of the console it hosts, ahead of those given
    const [hosted, ...given] = withCors.stack.cors!.allowOrigins;
    assert.equal(hosted, withCors.stack.console.origin);
    assert.deepEqual({ ...withCors.stack.cors, allowOrigins: given }, local, 'both are the manifest’s configuration');
    assert.deepEqual(inTemplate, {
      AllowOrigins: [consoleOrigin(withCors), ...local.allowOrigins],
      AllowMethods: local.allowMethods,
      AllowHeaders: local.allowHeaders,
      ExposeHeaders: local.exposeHeaders,
      MaxAge: local.maxAgeSeconds,
      AllowCredentials: local.allowCredentials,
    });
  });

  it('no origins: no CORS locally; in AWS only the console the stack hosts', () => {
    assert.deepEqual(stack.cors?.allowOrigins, [stack.console.origin]);
    const inTemplate = resourcesOfType(json, 'AWS::ApiGatewayV2::Api')[0]![1].Properties!.CorsConfiguration;
    assert.deepEqual(inTemplate.AllowOrigins, [consoleOrigin(s)]);
    assert.equal(localCors({ CORS_ORIGINS: '' }), undefined);
  });
});

describe('handler entries', () => {
  it('every Lambda records its manifest name and entry, and they match the manifest', () => {
    const recorded = lambdas.map(([id]) => `${nameOfLambda.get(id)} ${entryOfLambda.get(id)}`).sort();
    const expected = allFunctions()
      .map((f) => `${f.name} ${f.entry}`)
      .sort();
    assert.deepEqual(recorded, expected);
  });

  for (const spec of allFunctions()) {
    it(`${spec.name}: ${spec.entry} exists and exports a handler`, () => {
      const file = path.join(projectRoot, spec.entry);
      assert.ok(existsSync(file), `${spec.entry} does not exist`);
      assert.match(readFileSync(file, 'utf8'), /export\s+const\s+handler\b/, `${spec.entry} does not export const handler`);
    });
  }
});

describe('event wiring', () => {
  it('each queue consumer is fed by its manifest queue, each stream consumer by the table stream', () => {
    const mappings = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties!);
    const source = (m: Record<string, any>) =>
      keyOfQueue.get(referencedId(m.EventSourceArn)!) ??
      (JSON.stringify(m.EventSourceArn).includes('StreamArn') ? 'table stream' : 'unknown');
    const inTemplate = mappings.map((m) => `${source(m)} -> ${lambdaNameOf(m.FunctionName)}`).sort();
    const inManifest = [
      ...queueConsumers.map((c) => `${c.queue} -> ${c.name}`),
      ...streamConsumers.map((c) => `table stream -> ${c.name}`),
    ].sort();
    assert.deepEqual(inTemplate, inManifest);
  });

  it('each stream consumer sees only the new items the local runtime hands it', () => {
    const mappings = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties!);
    for (const spec of streamConsumers) {
      const m = mappings.find((x) => lambdaNameOf(x.FunctionName) === spec.name)!;
      const pattern = JSON.parse(m.FilterCriteria.Filters[0].Pattern);
      const newImage = Object.fromEntries(Object.entries(spec.newImage).map(([name, values]) => [name, { S: [...values] }]));
      assert.deepEqual(pattern, { eventName: ['INSERT'], dynamodb: { NewImage: newImage } });
      assert.equal(m.BatchSize, spec.batchSize);
      assert.deepEqual(m.FunctionResponseTypes, ['ReportBatchItemFailures']);
    }
  });

  it('each schedule triggers its manifest function at its rate', () => {
    const rules = resourcesOfType(json, 'AWS::Events::Rule').map(([, r]) => r.Properties!);
    const inTemplate = rules
      .flatMap((r) => r.Targets.map((t: { Arn: unknown }) => `${lambdaNameOf(t.Arn)} ${r.ScheduleExpression}`))
      .sort();
    const inManifest = schedules.map((f) => `${f.name} rate(${f.everyMinutes} ${f.everyMinutes === 1 ? 'minute' : 'minutes'})`).sort();
    assert.deepEqual(inTemplate, inManifest);
  });

  it('functions that send to a queue get its URL under the variable name the manifest gives', () => {
    for (const spec of allFunctions()) {
      const [id] = lambdas.find(([lid]) => nameOfLambda.get(lid) === spec.name)!;
      const vars = json.Resources[id]!.Properties!.Environment.Variables as Record<string, unknown>;
      const queueVars = Object.keys(vars)
        .filter((v) => v.endsWith('_QUEUE_URL'))
        .sort();
      assert.deepEqual(queueVars, (spec.sendsTo ?? []).map(env.queueUrl).sort(), spec.name);
      for (const key of spec.sendsTo ?? []) assert.equal(keyOfQueue.get(referencedId(vars[env.queueUrl(key)])!), key);
    }
  });

  // Locally every handler shares one process environment, so a handler that reads a variable
  // its Lambda does not get would work on a laptop and fail in AWS. Follow each entry's
  // static imports and check every requiredEnv('NAME') it can reach is set on its Lambda.
  for (const spec of allFunctions()) {
    it(`${spec.name}: every variable its code requires is set on its Lambda`, () => {
      const [id] = lambdas.find(([lid]) => nameOfLambda.get(lid) === spec.name)!;
      const vars = new Set(Object.keys(json.Resources[id]!.Properties!.Environment?.Variables ?? {}));
      const entry = path.join(projectRoot, spec.entry);
      assert.ok(existsSync(entry), `${spec.entry} does not exist`);
      for (const name of requiredEnvOf(entry)) {
        assert.ok(vars.has(name), `${spec.name} (${spec.entry}) can reach requiredEnv('${name}'), which its Lambda does not get`);
      }
    });
  }
});

describe('state machine', () => {
  const [[, machine]] = resourcesOfType(json, 'AWS::StepFunctions::StateMachine') as [[string, CfnResource]];
  const fileText = readFileSync(path.join(projectRoot, stateMachineSpec.definitionFile), 'utf8');
  const definitionText = flatten(machine.Properties!.DefinitionString);
  const substitutions = machine.Properties!.DefinitionSubstitutions as Record<string, unknown>;

  it('the template carries the definition inline, not as an asset', () => {
    assert.equal(machine.Properties!.DefinitionS3Location, undefined);
    assert.equal(typeof definitionText, 'string');
  });

  it('the definition is the ASL file, state for state', () => {
    assert.deepEqual(JSON.parse(definitionText), JSON.parse(fileText));
  });

  it('after substitution, the template and the manifest resolve every placeholder to the same resource', () => {
    // What each ${...} becomes in AWS (read from the template) ...
    const fromTemplate: Record<string, string> = {};
    for (const [key, value] of Object.entries(substitutions)) {
      const id = referencedId(value)!;
      fromTemplate[key] = nameOfLambda.has(id) ? `lambda:${nameOfLambda.get(id)}` : `queue:${keyOfQueue.get(id)}`;
      if (nameOfLambda.has(id)) assert.deepEqual(value, { 'Fn::GetAtt': [id, 'Arn'] }, key);
      else assert.deepEqual(value, { Ref: id }, `${key} must be the queue URL`);
    }
    // ... and what the local runtime binds it to (the manifest).
    const fromManifest: Record<string, string> = {};
    for (const [key, spec] of Object.entries(workflowFunctions)) fromManifest[key] = `lambda:${spec.name}`;
    for (const [key, queue] of Object.entries(stateMachineSpec.queueSubstitutions)) fromManifest[key] = `queue:${queue}`;
    assert.deepEqual(fromTemplate, fromManifest);

    const resolvedTemplate = JSON.parse(substitute(definitionText, fromTemplate));
    const resolvedFile = JSON.parse(substitute(fileText, fromManifest));
    assert.deepEqual(resolvedTemplate, resolvedFile);
    assert.doesNotMatch(JSON.stringify(resolvedTemplate), /\$\{/, 'a placeholder is left unresolved');

    // the same states, and each Task calls the same thing
    assert.deepEqual(taskResources(resolvedTemplate), taskResources(resolvedFile));
    const tasks = taskResources(resolvedTemplate);
    assert.deepEqual(Object.keys(tasks).sort(), ['AwaitDecision', 'DeadlineReached', 'WaitAgain']);
    assert.equal(tasks.AwaitDecision, 'arn:aws:states:::lambda:invoke.waitForTaskToken -> lambda:DispatchReview');
    assert.equal(tasks.DeadlineReached, 'lambda:SettleDeadline');
    assert.equal(tasks.WaitAgain, 'lambda:PlanReview');
  });
});

/** A CloudFormation string: a literal, or an Fn::Join of literals and references. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join)
    return join[1].map((part) => (typeof part === 'string' ? part : `<${referencedId(part) ?? JSON.stringify(part)}>`)).join(join[0]);
  throw new Error(`unexpected DefinitionString ${JSON.stringify(value)}`);
}

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Every Task state (at any depth) and its Resource. */
function taskResources(definition: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (states: Record<string, any>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task')
        out[name] = state.Parameters?.FunctionName ? `${state.Resource} -> ${state.Parameters.FunctionName}` : state.Resource;
      if (state.ItemProcessor) visit(state.ItemProcessor.States);
      if (state.Iterator) visit(state.Iterator.States);
      for (const branch of state.Branches ?? []) visit(branch.States);
    }
  };
  visit((definition as { States: Record<string, unknown> }).States);
  return out;
}

const packageImports =
  (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { imports?: Record<string, string> }).imports ?? {};

/** A module specifier to a project file: relative paths and package.json `imports` (#core/...). */
function resolveImport(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return path.resolve(path.dirname(from), specifier);
  for (const [pattern, target] of Object.entries(packageImports)) {
    const prefix = pattern.replace(/\*$/, '');
    if (pattern.endsWith('*') ? specifier.startsWith(prefix) : specifier === pattern) {
      return path.resolve(projectRoot, target.replace('*', specifier.slice(prefix.length)));
    }
  }
  return undefined; // a package: not project code
}

/** Every project module reachable from a module through static imports (not type-only), with its text. */
function reachable(entry: string): Map<string, string> {
  const texts = new Map<string, string>();
  const visit = (file: string) => {
    if (texts.has(file) || !existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    texts.set(file, text);
    for (const m of text.matchAll(/\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)) {
      if (/^(?:import|export)\s+type\b/.test(m[0])) continue;
      const target = resolveImport(file, m[1]!);
      if (target) visit(target);
    }
    for (const m of text.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) {
      const target = resolveImport(file, m[1]!);
      if (target) visit(target);
    }
  };
  visit(entry);
  return texts;
}

/** Every requiredEnv('NAME') reachable from a module through static imports. */
function requiredEnvOf(entry: string): Set<string> {
  const names = new Set<string>();
  for (const text of reachable(entry).values())
    for (const m of text.matchAll(/requiredEnv\(\s*['"]([A-Z0-9_]+)['"]\s*\)/g)) names.add(m[1]!);
  return names;
}

/** The names a module's reachable code imports (not type-only) from one project module. */
function importedFrom(entry: string, module: string): Set<string> {
  const names = new Set<string>();
  for (const [file, text] of reachable(entry))
    for (const m of text.matchAll(/\bimport\s+(?!type\b)\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
      if (resolveImport(file, m[2]!) !== path.join(projectRoot, module)) continue;
      for (const part of m[1]!.split(',')) {
        const name = part.trim().replace(/^type\s+/, '');
        if (name && !part.trim().startsWith('type ')) names.add(name.split(/\s+as\s+/)[0]!);
      }
    }
  return names;
}

describe('permit key', () => {
  it('the template’s key is the one the local KMS stand-in serves: spec, usage and alias', () => {
    const [[keyId, key]] = resourcesOfType(json, 'AWS::KMS::Key') as [[string, CfnResource]];
    assert.equal(key.Properties!.KeySpec, 'ECC_NIST_P256');
    assert.equal(key.Properties!.KeyUsage, 'SIGN_VERIFY');
    const aliases = resourcesOfType(json, 'AWS::KMS::Alias').map(([, a]) => a.Properties!);
    assert.deepEqual(
      aliases.map((a) => [a.AliasName, referencedId(a.TargetKeyId)]),
      [[PERMIT_KEY_ALIAS, keyId]],
    );
  });

  // The key's variable and grants come from the manifest's permitKey; the code that signs or
  // reads it must be in exactly the functions declared so (least privilege both ways).
  for (const spec of allFunctions()) {
    it(`${spec.name}: uses the permit key as its manifest entry says (${spec.permitKey ?? 'not at all'})`, () => {
      const used = importedFrom(path.join(projectRoot, spec.entry), 'functions/adapters/permit-key.ts');
      const uses = used.has('kmsPermitSigner') ? 'sign' : used.has('kmsPermitKey') ? 'read' : undefined;
      assert.ok(!(used.has('kmsPermitSigner') && used.has('kmsPermitKey')), `${spec.name} both signs and reads: one access per function`);
      assert.equal(uses, spec.permitKey, `${spec.name} imports [${[...used].join(', ')}] of the permit key adapter`);
    });
  }
});
