// The web console in the stack (infra/console-site.ts): a private bucket behind CloudFront
// with Origin Access Control, strict security headers, the hosted sign-in's client, the API
// trusting it (JWT audience, CORS), and the deployment of the real build with config.json.
// The build runs while the stack synthesizes, as it does for `cdk deploy`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import type { App } from 'aws-cdk-lib';
import { contentSecurityPolicy } from '../../infra/console/build.ts';
import { consoleOrigin, defaultSynth, referencedId, resourcesOfType, roleStatements, synth, type CfnTemplate } from '../support/synth.ts';

const s = defaultSynth();
const { template, json, stack } = s;
const site = stack.console;
const id = {
  bucket: s.logicalId(site.bucket),
  distribution: s.logicalId(site.distribution),
  headers: s.logicalId(site.responseHeadersPolicy),
  client: s.logicalId(site.client),
  domain: s.logicalId(site.authDomain),
  api: s.logicalId(stack.httpApi),
};

/** A CloudFormation value as text: literals kept, { Ref: X } as <X>, { Fn::GetAtt: [X, A] } as <X.A>. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]]; 'Fn::Sub'?: string };
  if (v.Ref) return `<${v.Ref}>`;
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (v['Fn::Join']) return v['Fn::Join'][1].map(text).join(v['Fn::Join'][0]);
  if (v['Fn::Sub']) return v['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
  return JSON.stringify(value);
}

const DISTRIBUTION_DOMAIN = `<${id.distribution}.DomainName>`;
const AUTH_DOMAIN = `https://<${id.domain}>.auth.<AWS::Region>.amazoncognito.com`;
const API_ORIGINS = 'https://*.execute-api.<AWS::Region>.<AWS::URLSuffix>';

function resource(logicalId: string) {
  const r = json.Resources[logicalId];
  assert.ok(r, `no resource ${logicalId}`);
  return r;
}

/** Every resource a resource needs first: what it references or depends on, and theirs. */
function dependenciesOf(t: CfnTemplate, start: string): Set<string> {
  const direct = (logicalId: string): string[] => {
    const found = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'Ref' && typeof x === 'string' && x in t.Resources) found.add(x);
          else if (k === 'Fn::GetAtt') found.add((x as string[])[0]!);
          else if (k === 'Fn::Sub')
            for (const m of String(Array.isArray(x) ? x[0] : x).matchAll(/\$\{([A-Za-z0-9]+)[.}]/g))
              if (m[1]! in t.Resources) found.add(m[1]!);
          walk(x);
        }
      }
    };
    const r = t.Resources[logicalId]!;
    walk(r.Properties);
    for (const d of [r.DependsOn ?? []].flat()) found.add(d);
    return [...found];
  };
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length)
    for (const d of direct(queue.pop()!)) {
      if (seen.has(d)) continue;
      seen.add(d);
      queue.push(d);
    }
  return seen;
}

describe('bucket', () => {
  const bucket = resource(id.bucket).Properties!;
  const statements = resourcesOfType(json, 'AWS::S3::BucketPolicy').find(([, p]) => referencedId(p.Properties!.Bucket) === id.bucket)![1]
    .Properties!.PolicyDocument.Statement as any[];

  it('blocks all public access, S3-managed encryption, objects owned by the bucket owner', () => {
    assert.deepEqual(bucket.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    assert.deepEqual(bucket.BucketEncryption.ServerSideEncryptionConfiguration, [
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    assert.deepEqual(bucket.OwnershipControls.Rules, [{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    assert.equal(bucket.VersioningConfiguration, undefined);
  });

  it('refuses requests without TLS, or with TLS older than 1.2', () => {
    const denies = statements.filter((st) => st.Effect === 'Deny');
    assert.ok(denies.some((st) => st.Action === 's3:*' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
    assert.ok(denies.some((st) => st.Action === 's3:*' && st.Condition?.NumericLessThan?.['s3:TlsVersion'] === 1.2));
  });

  it('lets CloudFront read objects for this distribution only, and nobody else in', () => {
    const cloudFront = statements.filter((st) => st.Principal?.Service);
    assert.equal(cloudFront.length, 1);
    const [grant] = cloudFront;
    assert.equal(grant.Effect, 'Allow');
    assert.deepEqual(grant.Principal, { Service: 'cloudfront.amazonaws.com' });
    assert.deepEqual([grant.Action].flat(), ['s3:GetObject']);
    assert.equal(text(grant.Resource), `<${id.bucket}.Arn>/*`);
    assert.deepEqual(Object.keys(grant.Condition), ['StringEquals']);
    assert.deepEqual(Object.keys(grant.Condition.StringEquals), ['AWS:SourceArn']);
    assert.equal(
      text(grant.Condition.StringEquals['AWS:SourceArn']),
      `arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${id.distribution}>`,
    );
    // no one at large: the only other grant is to the role that empties the bucket on deletion
    const others = statements.filter((st) => st.Effect === 'Allow' && st !== grant);
    assert.ok(others.every((st) => typeof st.Principal.AWS === 'object' && text(st.Principal.AWS).includes('AutoDeleteObjects')));
  });

  it('deleted with the stack (emptied first); kept in production', () => {
    assert.equal(resource(id.bucket).DeletionPolicy, 'Delete');
    assert.equal(resourcesOfType(json, 'Custom::S3AutoDeleteObjects').length, 1);
    const production = synth({ context: { production: true } });
    assert.equal(production.json.Resources[production.logicalId(production.stack.console.bucket)]!.DeletionPolicy, 'Retain');
    assert.equal(resourcesOfType(production.json, 'Custom::S3AutoDeleteObjects').length, 0);
  });
});

describe('distribution', () => {
  const config = resource(id.distribution).Properties!.DistributionConfig;

  it('reads the bucket through Origin Access Control (SigV4), not an origin access identity', () => {
    const oacs = resourcesOfType(json, 'AWS::CloudFront::OriginAccessControl');
    assert.equal(oacs.length, 1);
    const [oacId, oac] = oacs[0]!;
    assert.deepEqual(
      { ...oac.Properties!.OriginAccessControlConfig, Name: undefined },
      { Name: undefined, OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    );
    assert.equal(config.Origins.length, 1);
    const [origin] = config.Origins;
    assert.equal(text(origin.DomainName), `<${id.bucket}.RegionalDomainName>`);
    assert.equal(referencedId(origin.OriginAccessControlId), oacId);
    assert.deepEqual(origin.S3OriginConfig, { OriginAccessIdentity: '' });
    assert.equal(resourcesOfType(json, 'AWS::CloudFront::CloudFrontOriginAccessIdentity').length, 0);
  });

  it('HTTPS only (redirects), index.html at the root, HTTP/2 and 3, price class 100, GET and HEAD', () => {
    const behavior = config.DefaultCacheBehavior;
    assert.equal(behavior.ViewerProtocolPolicy, 'redirect-to-https');
    assert.deepEqual(behavior.AllowedMethods, ['GET', 'HEAD']);
    assert.equal(behavior.Compress, true);
    assert.equal(referencedId(behavior.ResponseHeadersPolicyId), id.headers);
    assert.equal(config.DefaultRootObject, 'index.html');
    assert.equal(config.HttpVersion, 'http2and3');
    assert.equal(config.PriceClass, 'PriceClass_100');
    assert.equal(config.CacheBehaviors, undefined, 'one behaviour: objects carry their own Cache-Control');
  });

  it('does not depend on the API (the API allows its origin: the other way would be a cycle)', () => {
    const needs = dependenciesOf(json, id.distribution);
    assert.ok(!needs.has(id.api));
    assert.ok(!needs.has(id.distribution), 'a dependency cycle');
    assert.ok(dependenciesOf(json, id.api).has(id.distribution), 'the API allows the console origin');
  });
});

describe('security headers', () => {
  const headers = resource(id.headers).Properties!.ResponseHeadersPolicyConfig;
  const security = headers.SecurityHeadersConfig;
  const csp = text(security.ContentSecurityPolicy.ContentSecurityPolicy);

  it('the console build’s Content-Security-Policy, connecting to the API and the hosted sign-in only', () => {
    assert.equal(csp, contentSecurityPolicy([API_ORIGINS, AUTH_DOMAIN]));
    assert.ok(csp.includes("script-src 'self'"));
    assert.ok(csp.includes("frame-ancestors 'none'"));
    assert.ok(csp.includes("default-src 'none'"));
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src '))!;
    assert.deepEqual(connect.split(' ').slice(1), ["'self'", API_ORIGINS, AUTH_DOMAIN]);
    assert.equal(security.ContentSecurityPolicy.Override, true);
    // the API's origin is named per region (see infra/console-site.ts): never by a reference to it
    assert.ok(!JSON.stringify(headers).includes(id.api));
  });

  it('HSTS for two years with subdomains and preload; nosniff; no framing; referrer policy', () => {
    assert.deepEqual(security.StrictTransportSecurity, {
      AccessControlMaxAgeSec: 63_072_000,
      IncludeSubdomains: true,
      Preload: true,
      Override: true,
    });
    assert.deepEqual(security.ContentTypeOptions, { Override: true });
    assert.deepEqual(security.FrameOptions, { FrameOption: 'DENY', Override: true });
    assert.deepEqual(security.ReferrerPolicy, { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
  });

  it('Permissions-Policy turns off camera, microphone and geolocation', () => {
    assert.deepEqual(headers.CustomHeadersConfig.Items, [
      { Header: 'Permissions-Policy', Value: 'camera=(), microphone=(), geolocation=()', Override: true },
    ]);
  });
});

describe('sign-in', () => {
  const client = resource(id.client).Properties!;

  it('the console client: public, authorization code only, back to the distribution', () => {
    assert.equal(client.GenerateSecret, false);
    assert.deepEqual(client.AllowedOAuthFlows, ['code']);
    assert.equal(client.AllowedOAuthFlowsUserPoolClient, true);
    assert.deepEqual([...client.AllowedOAuthScopes].sort(), ['email', 'openid', 'profile']);
    assert.deepEqual(client.CallbackURLs.map(text), [`https://${DISTRIBUTION_DOMAIN}/`]);
    assert.deepEqual(client.LogoutURLs.map(text), [`https://${DISTRIBUTION_DOMAIN}/`]);
    assert.deepEqual(client.SupportedIdentityProviders, ['COGNITO']);
    assert.ok(!client.ExplicitAuthFlows.includes('ALLOW_USER_PASSWORD_AUTH'));
  });

  it('tokens as the API client’s: one hour, refresh for a day; revocable; no user enumeration', () => {
    const api = resource(s.logicalId(stack.userPoolClient)).Properties!;
    for (const key of ['AccessTokenValidity', 'IdTokenValidity', 'RefreshTokenValidity', 'TokenValidityUnits'])
      assert.deepEqual(client[key], api[key], key);
    assert.equal(client.AccessTokenValidity, 60);
    assert.equal(client.EnableTokenRevocation, true);
    assert.equal(client.PreventUserExistenceErrors, 'ENABLED');
  });

  it('a Cognito prefix domain: <stack name>-<account> unless -c authDomainPrefix says otherwise', () => {
    const domain = resource(id.domain).Properties!;
    assert.equal(text(domain.Domain), 'onestop-<AWS::AccountId>');
    assert.equal(referencedId(domain.UserPoolId), s.logicalId(stack.userPool));
    const named = synth({ context: { authDomainPrefix: 'permits-example' } });
    assert.equal(named.json.Resources[named.logicalId(named.stack.console.authDomain)]!.Properties!.Domain, 'permits-example');
    for (const bad of ['Permits', 'permits_example', '-permits', 'aws-permits', 'x'.repeat(64)])
      assert.throws(() => synth({ context: { authDomainPrefix: bad } }), /authDomainPrefix/, bad);
  });

  it('the API takes ID tokens of both clients', () => {
    const [, authorizer] = resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    assert.deepEqual(authorizer.Properties!.JwtConfiguration.Audience, [{ Ref: s.logicalId(stack.userPoolClient) }, { Ref: id.client }]);
  });

  it('the API allows the console origin (CORS), besides any -c corsOrigins', () => {
    const corsOf = (t: CfnTemplate) => resourcesOfType(t, 'AWS::ApiGatewayV2::Api')[0]![1].Properties!.CorsConfiguration;
    assert.equal(text(consoleOrigin(s)), `https://${DISTRIBUTION_DOMAIN}`);
    assert.deepEqual(corsOf(json).AllowOrigins, [consoleOrigin(s)]);
    assert.ok(corsOf(json).AllowHeaders.includes('authorization'));
    const withCors = synth({ context: { corsOrigins: 'https://permits.example.gov' } });
    assert.deepEqual(corsOf(withCors.json).AllowOrigins, [consoleOrigin(withCors), 'https://permits.example.gov']);
  });
});

describe('deployment', () => {
  const deployments = resourcesOfType(json, 'Custom::CDKBucketDeployment');
  const [assetsId, assets] = deployments.find(([, d]) => d.Properties!.Include?.includes('assets/*'))!;
  const [, pages] = deployments.find(([, d]) => d.Properties!.DistributionId)!;
  const outdir = (stack.node.root as App).outdir;
  const staged = (zipKey: string) => join(outdir, `asset.${zipKey.replace(/\.zip$/, '')}`);

  it('two deployments into the console bucket: the hashed assets, then the pages', () => {
    assert.equal(deployments.length, 2);
    for (const [, d] of deployments) assert.equal(referencedId(d.Properties!.DestinationBucketName), id.bucket);
    assert.ok([pages.DependsOn].flat().includes(assetsId), 'the pages go up after the files they name');
  });

  it('assets/* cached for a year (immutable, content-hashed), earlier ones kept', () => {
    assert.deepEqual(assets.Properties!.Exclude, ['*']);
    assert.deepEqual(assets.Properties!.Include, ['assets/*']);
    assert.equal(assets.Properties!.Prune, false);
    assert.deepEqual(assets.Properties!.SystemMetadata, { 'cache-control': 'public, max-age=31536000, immutable' });
  });

  it('index.html and config.json revalidated on every load, and invalidated on every deployment', () => {
    assert.deepEqual(pages.Properties!.Exclude, ['assets/*']);
    assert.deepEqual(pages.Properties!.SystemMetadata, { 'cache-control': 'no-cache' });
    assert.equal(referencedId(pages.Properties!.DistributionId), id.distribution);
    for (const p of ['/index.html', '/config.json']) assert.ok(pages.Properties!.DistributionPaths.includes(p), p);
  });

  it('the real console build: index.html naming its hashed script and stylesheet, no inline script', () => {
    const [buildKey] = assets.Properties!.SourceObjectKeys as string[];
    assert.equal((pages.Properties!.SourceObjectKeys as string[])[0], buildKey, 'both deploy the same build');
    const dir = staged(buildKey!);
    const page = readFileSync(join(dir, 'index.html'), 'utf8');
    const script = /<script type="module" src="\/(assets\/[^"]+\.js)"><\/script>/.exec(page)?.[1];
    const style = /<link rel="stylesheet" href="\/(assets\/[^"]+\.css)"/.exec(page)?.[1];
    assert.ok(script && existsSync(join(dir, script)), 'the script index.html names');
    assert.ok(style && existsSync(join(dir, style)), 'the stylesheet index.html names');
    assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>/, 'an inline script would break script-src');
  });

  it('config.json: the API, the hosted sign-in, the console client and the distribution, filled in at deploy time', () => {
    const keys = pages.Properties!.SourceObjectKeys as string[];
    const markers = (pages.Properties!.SourceMarkers as Record<string, unknown>[])[1]!;
    assert.deepEqual((pages.Properties!.SourceMarkersConfig as object[])[1], { jsonEscape: true });
    let body = readFileSync(join(staged(keys[1]!), 'config.json'), 'utf8');
    for (const [marker, value] of Object.entries(markers)) body = body.split(marker).join(text(value));
    assert.deepEqual(JSON.parse(body), {
      apiUrl: `<${id.api}.ApiEndpoint>`,
      auth: { kind: 'cognito', domain: AUTH_DOMAIN, clientId: `<${id.client}>`, redirectUri: `https://${DISTRIBUTION_DOMAIN}/` },
    });
  });

  it('the deployment handler writes the console bucket only, and invalidates', () => {
    const [handlerId, handler] = resourcesOfType(json, 'AWS::Lambda::Function').find(([lid]) =>
      lid.startsWith('CustomCDKBucketDeployment'),
    )!;
    assert.equal(referencedId(handler.Properties!.LoggingConfig.LogGroup), s.logicalId(site.node.findChild('DeploymentLogs') as never));
    const statements = roleStatements(json, referencedId(handler.Properties!.Role)!);
    const writes = statements.filter((st) => st.Action.some((a) => /^s3:(Put|Delete|Abort)/.test(a)));
    assert.ok(writes.length > 0);
    for (const st of writes)
      for (const r of [st.Resource].flat()) assert.match(text(r), new RegExp(`^<${id.bucket}\\.Arn>(/\\*)?$`), handlerId);
    const other = statements.filter((st) => !st.Action.every((a) => a.startsWith('s3:')));
    assert.deepEqual(other.flatMap((st) => st.Action).sort(), ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation']);
  });
});

describe('outputs', () => {
  it('ConsoleUrl (https://<distribution>/) and ConsoleBucketName', () => {
    template.hasOutput('ConsoleUrl', {});
    template.hasOutput('ConsoleBucketName', {});
    assert.equal(text(json.Outputs!.ConsoleUrl!.Value), `https://${DISTRIBUTION_DOMAIN}/`);
    assert.equal(referencedId(json.Outputs!.ConsoleBucketName!.Value), id.bucket);
  });
});
