// The web console in AWS: the static build (infra/console/build.ts) in a private S3 bucket,
// served by CloudFront through Origin Access Control under a strict Content-Security-Policy,
// with `config.json` written beside it at deploy time (where the API is, how to sign in), and
// the Cognito hosted sign-in it uses: a user pool domain and a public app client of its own.
import path from 'node:path';
import {
  AssetHashType,
  Aws,
  type CfnElement,
  DefaultStackSynthesizer,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  OAuthScope,
  type UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsole, contentSecurityPolicy } from './console/build.ts';
import type { ConsoleConfig } from './console/src/config.ts';

/** The console's sources; the build is the asset, so this folder only names it. */
const CONSOLE_DIR = path.join(import.meta.dirname, 'console');

/** A Cognito prefix domain: lower-case letters, digits and inner hyphens, at most 63 characters. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Words Cognito refuses in a prefix domain. */
const RESERVED = /aws|amazon|cognito/;

export interface ConsoleSiteProps {
  /** The user pool the console signs in with (its hosted UI). */
  readonly userPool: UserPool;
  /**
   * The prefix of the Cognito domain of the hosted sign-in, `https://<prefix>.auth.<region>.amazoncognito.com`:
   * unique in the region, lower-case letters, digits and hyphens, without aws, amazon or cognito.
   * @default `<stack name, lower-case>-<account id>`
   */
  readonly authDomainPrefix?: string;
  /** Production: the bucket is kept when the stack is deleted (otherwise emptied and deleted with it). */
  readonly production: boolean;
}

export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly authDomain: UserPoolDomain;
  /** The console's public app client (hosted UI, authorization code with PKCE). */
  readonly client: UserPoolClient;
  /** `https://<distribution domain>`: the console's origin, which the API must allow (CORS). */
  readonly origin: string;
  /** `https://<distribution domain>/`: the console, and where the hosted UI sends the browser back. */
  readonly url: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly authDomainUrl: string;
  private readonly production: boolean;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.production = props.production;

    // ------------------------------------------------------------ sign-in
    const prefix = props.authDomainPrefix ?? defaultDomainPrefix(stack);
    checkDomainPrefix(prefix);
    this.authDomain = props.userPool.addDomain('ConsoleDomain', { cognitoDomain: { domainPrefix: prefix } });
    this.authDomainUrl = this.authDomain.baseUrl();

    // ------------------------------------------------------------ bucket
    // What is in it is the build and config.json, both rewritten by every deployment.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.production,
    });
    acknowledge(
      this.bucket,
      'S1',
      'The bucket holds only the public console build, read by CloudFront alone (Origin Access Control); the stack keeps no S3 access logs anywhere, and every change to the bucket is a CloudFormation deployment.',
    );

    // ------------------------------------------------------------ distribution
    // The API's exact origin cannot be named here: the API allows this distribution's origin
    // (CORS), so the distribution referring to the API would be a dependency cycle. The page
    // may connect to API Gateway HTTP APIs of this region, and to the hosted sign-in.
    const apiOrigins = `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'one-stop console: strict CSP and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy([apiOrigins, this.authDomainUrl]), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true }],
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'one-stop web console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // honours each object's Cache-Control (set by the deployments below)
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
    acknowledge(
      this.distribution,
      'CFR1',
      'The console is a public page of a public service; who may apply is decided by the sign-in, not by country.',
    );
    acknowledge(
      this.distribution,
      'CFR2',
      'The distribution serves static files only (no origin logic to protect); the API has its own throttling. A web ACL is the operator’s cost decision.',
    );
    acknowledge(
      this.distribution,
      'CFR3',
      'The distribution serves the same public static files to everyone; requests that matter are logged by the HTTP API (access logs) and Cognito.',
    );
    acknowledge(
      this.distribution,
      'CFR4',
      'The distribution uses the default *.cloudfront.net certificate, whose security policy CloudFront fixes (TLSv1); a minimum of TLS 1.2 needs a custom domain and ACM certificate.',
    );

    // ------------------------------------------------------------ app client
    this.client = props.userPool.addClient('ConsoleClient', {
      // A public client: a page cannot keep a secret. What binds the code to the browser that
      // asked for it is PKCE instead: the console sends an S256 challenge with every sign-in
      // and the verifier with the code (infra/console/src/auth.ts); Cognito then refuses the
      // code without it. The implicit grant (tokens in the URL) is off.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
  }

  /**
   * Upload the built console and its `config.json` (the API's base URL, no trailing slash),
   * then invalidate what is not content-hashed. Call once the API exists.
   */
  deploy(apiUrl: string): void {
    if (this.node.tryFindChild('Pages')) throw new Error('ConsoleSite: deploy() is called once');
    // Built while the stack synthesizes, on this machine (never in a container).
    const build = Source.asset(CONSOLE_DIR, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        image: DockerImage.fromRegistry('none'),
        local: {
          tryBundle(outputDir: string) {
            buildConsole(outputDir);
            return true;
          },
        },
      },
    });
    const config = {
      apiUrl,
      auth: { kind: 'cognito', domain: this.authDomainUrl, clientId: this.client.userPoolClientId, redirectUri: this.url },
    } satisfies ConsoleConfig;
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: this.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // The scripts and stylesheets are named by their content: cached for a year. Earlier ones
    // are kept (no pruning), so a page loaded before a deployment still finds its files.
    const assets = new BucketDeployment(this, 'Assets', {
      sources: [build],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      logGroup,
    });
    // index.html and config.json name what changes: revalidated on every load, and
    // invalidated at the edge once the new ones are in place (after the assets they name).
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [build, Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/config.json'],
      logGroup,
    });
    pages.node.addDependency(assets);

    // Both deployments share one handler function, created at the stack's level.
    const handler = pages.handlerRole.node.scope as Construct;
    acknowledge(
      handler,
      'IAM5[Action::s3:GetObject*]',
      'The CDK BucketDeployment handler reads the asset objects of this deployment and the console bucket (its grant).',
    );
    acknowledge(handler, 'IAM5[Action::s3:GetBucket*]', 'The CDK BucketDeployment handler syncs the console bucket (its grant).');
    acknowledge(handler, 'IAM5[Action::s3:List*]', 'The CDK BucketDeployment handler lists what it syncs (its grant).');
    acknowledge(handler, 'IAM5[Action::s3:DeleteObject*]', 'The CDK BucketDeployment handler removes stale pages from the console bucket.');
    acknowledge(handler, 'IAM5[Action::s3:Abort*]', 'The CDK BucketDeployment handler aborts its own failed multipart uploads.');
    acknowledge(
      handler,
      `IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*]`,
      'The CDK BucketDeployment handler writes the objects of the console bucket only.',
    );
    const qualifier = String(this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER);
    acknowledge(
      handler,
      `IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*]`,
      'The CDK BucketDeployment handler reads the build and config.json from the CDK assets bucket (the grant of each asset it deploys).',
    );
    acknowledge(
      handler,
      'IAM5[Resource::*]',
      'CloudFront CreateInvalidation and GetInvalidation accept only the * resource; the handler invalidates the console distribution after a deployment.',
    );
    acknowledge(
      handler,
      'L1',
      'The CDK BucketDeployment handler is AWS-maintained (Python with the AWS CLI layer); its runtime follows the aws-cdk-lib version.',
    );
  }
}

/** `<stack name, lower-case>-<account id>`: one per stack and account, as Cognito needs it unique in the region. */
function defaultDomainPrefix(stack: Stack): string {
  const name = Token.isUnresolved(stack.stackName)
    ? 'one-stop'
    : stack.stackName
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 50)
        .replace(/-+$/, '');
  return `${name || 'one-stop'}-${Aws.ACCOUNT_ID}`;
}

/** Refuse a prefix Cognito would refuse at deploy time (its literal parts, when it holds a token). */
function checkDomainPrefix(prefix: string): void {
  const literal = Token.isUnresolved(prefix) ? prefix.split(/\$\{Token\[[^\]]*\]\}/).join('0') : prefix;
  if (!DOMAIN_PREFIX.test(literal) || RESERVED.test(literal)) {
    throw new Error(
      `authDomainPrefix must be 1-63 lower-case letters, digits and hyphens (not first or last) without aws, amazon or cognito, got ${JSON.stringify(prefix)}`,
    );
  }
}

/** Accept a cdk-nag AwsSolutions finding on a construct (and what it contains), with the reason (as infra/stack.ts does). */
function acknowledge(scope: Construct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason });
}
