// The console's hosting: a private S3 bucket behind a CloudFront distribution with origin
// access control, and the HTTP API as the distribution's second origin.
//
// Why one distribution for both: the console and the API then share one origin in the cloud,
// exactly as they do locally (`npm run serve`: the console at /console/, the API at /). The
// console calls the API with relative URLs (config.json's apiBase is ""), so there is no CORS
// to configure or get wrong, and the CSP can say `connect-src 'self'` plus the OIDC issuer and
// nothing else. Serving the files from S3 (not from a route of the HTTP API, i.e. from Lambda)
// keeps static files out of the function: edge-cached, no invocations, no cold starts, and
// immutable hashed assets cached for a year.
//
//   /console/*  → S3 (OAC; the bucket admits only this distribution), caching optimized, the
//                 deep-link rewrite below, the console's security headers
//   /console    → same, redirected to /console/
//   everything  → the HTTP API ($default stage), caching disabled, all methods, every viewer
//   else          header but Host forwarded (Authorization included), HTTPS and TLS 1.2 only
//
// It lives in the API stack because of a dependency cycle otherwise: the distribution needs the
// HTTP API (origin), the console's Cognito client needs the distribution (callback URL), and the
// API's JWT authorizer needs the client (audience). The files themselves are copied by the
// FenjiConsole stack (console-stack.ts).

import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccessLevel,
  AllowedMethods,
  type BehaviorOptions,
  CachedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  S3OriginAccessControl,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  type CfnUserPoolClient,
  ClientAttributes,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FenjiConfig } from './config.ts';
import { CONSOLE_CUSTOM_HEADERS, consoleCsp, HSTS_MAX_AGE_SECONDS } from './console-headers.ts';
import { abortUploads, type StatefulStack, secureBucketDefaults } from './stateful-stack.ts';

/** The console's files live under this key prefix, so that S3 keys equal the URL paths. */
export const CONSOLE_PREFIX = 'console';

/** The OIDC settings of /console/config.json (`auth.mode` "oidc"). */
export interface ConsoleAuth {
  readonly mode: 'oidc';
  readonly issuer: string;
  readonly clientId: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly scopes: string[];
  readonly redirectUri: string;
}

/** /console/config.json: what the console reads at start-up. */
export interface ConsoleRuntimeConfig {
  /** "": the API is on the console's own origin. */
  readonly apiBase: '';
  readonly auth: ConsoleAuth;
}

/**
 * Viewer-request function of the console's behaviours (CloudFront Functions, JS 2.0). The
 * console is a single-page app: `/console/enterprises/…`, `/console/plans/2026-Q4` and the like
 * are routes, not objects, so they get /console/index.html. Files keep their URI: everything
 * under /console/assets/ and any path whose last segment has an extension (index.html,
 * config.json, favicon…). A missing file is then S3's 403, not the app.
 */
export const REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/${CONSOLE_PREFIX}') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/${CONSOLE_PREFIX}/' } } };
  }
  if (uri.indexOf('/${CONSOLE_PREFIX}/assets/') === 0) return request;
  if (/\\.[A-Za-z0-9]+$/.test(uri.substring(uri.lastIndexOf('/') + 1))) return request;
  request.uri = '/${CONSOLE_PREFIX}/index.html';
  return request;
}`;

export interface ConsoleHostingProps {
  readonly config: FenjiConfig;
  readonly stateful: StatefulStack;
  readonly httpApi: HttpApi;
}

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly rewrite: EdgeFunction;
  /** The console's public Cognito client (only without an external issuer). */
  readonly client?: UserPoolClient;
  /** https://<distribution or consoleDomain>/console/ */
  readonly url: string;
  /** The origins the console may connect to besides its own (CSP connect-src). */
  readonly connectOrigins: string[];
  readonly runtimeConfig: ConsoleRuntimeConfig;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const { config, stateful: s, httpApi } = props;
    const stack = Stack.of(this);

    // --- The bucket: private, TLS-only, versioned, retained, server access logs — as every
    // bucket. SSE-S3, not the app's KMS key: CloudFront reads the objects through OAC, and SSE-KMS
    // would put CloudFront in the policy of the key that protects the regulators' data; these
    // files are the console's public code.
    this.bucket = new Bucket(this, 'Bucket', {
      ...secureBucketDefaults,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: s.accessLogsBucket,
      serverAccessLogsPrefix: `${CONSOLE_PREFIX}/`,
      lifecycleRules: [{ id: 'old-versions-30-days', noncurrentVersionExpiration: Duration.days(30) }, abortUploads],
    });

    // --- Sign-in: the OIDC issuer the console sends regulators to, and the origins it
    // connects to (the token endpoint's; discovery is not needed, config.json names endpoints).
    const cognitoBase = s.userPoolDomain?.baseUrl();
    this.connectOrigins = cognitoBase
      ? [cognitoBase]
      : [...new Set([new URL(need(config.issuer)).origin, new URL(need(config.tokenUrl)).origin])];

    // --- Response headers of the console (and of the API: HSTS and the rest belong on the host).
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'Headers', {
      // Names are account-wide in CloudFront: the region keeps two deployments apart.
      responseHeadersPolicyName: `fenji-console-${stack.region}`,
      comment: 'fenji console: strict CSP, HSTS, nosniff, no referrer, no framing, COOP, permissions',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(this.connectOrigins), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
      customHeadersBehavior: {
        customHeaders: Object.entries(CONSOLE_CUSTOM_HEADERS).map(([header, value]) => ({
          header,
          value,
          override: true,
        })),
      },
    });

    this.rewrite = new EdgeFunction(this, 'Rewrite', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'fenji console: /console/<route> deep links get /console/index.html; /console redirects',
      code: FunctionCode.fromInline(REWRITE_FUNCTION),
    });

    const consoleBehavior: BehaviorOptions = {
      origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
        originAccessLevels: [AccessLevel.READ],
        originAccessControl: new S3OriginAccessControl(this, 'OriginAccessControl', {
          originAccessControlName: `fenji-console-${stack.region}`,
          description: 'fenji: CloudFront reads the console bucket (SigV4, always signed)',
        }),
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      compress: true,
      responseHeadersPolicy: this.responseHeadersPolicy,
      functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: this.rewrite }],
    };
    const certificate = config.consoleCertificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', config.consoleCertificateArn)
      : undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'fenji: the console (/console/*, S3) and the API (everything else) on one origin',
      defaultBehavior: {
        // The $default stage of the HTTP API, by its execute-api host name.
        origin: new HttpOrigin(`${httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // Every viewer header (Authorization included), cookie and query string, but Host:
        // API Gateway answers only to its own host name.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
      additionalBehaviors: {
        [`/${CONSOLE_PREFIX}/*`]: consoleBehavior,
        [`/${CONSOLE_PREFIX}`]: consoleBehavior,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: s.cdnLogsBucket,
      logFilePrefix: 'cdn/',
      ...(certificate && config.consoleDomain
        ? {
            domainNames: [config.consoleDomain],
            certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: SSLMethod.SNI,
          }
        : {}),
    });
    const host = config.consoleDomain ?? this.distribution.distributionDomainName;
    this.url = `https://${host}/${CONSOLE_PREFIX}/`;

    this.acknowledgeFindings(!certificate);

    // --- The console's OIDC client. With an external issuer it is registered there (its id is
    // `consoleClientId`, one of the API's audiences); otherwise a public Cognito client of the
    // hosted UI: authorization code (the console sends a PKCE S256 challenge), no secret,
    // redirects only to this distribution's /console/.
    let auth: ConsoleAuth;
    if (s.userPool && cognitoBase) {
      const scopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];
      this.client = new UserPoolClient(this, 'Client', {
        userPool: s.userPool,
        userPoolClientName: 'fenji-console',
        generateSecret: false,
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes,
          callbackUrls: [this.url],
          logoutUrls: [this.url],
        },
        supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
        // As the API client: users may not set their own regions or role.
        writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      });
      // Sign-in happens only in the hosted UI (MFA, threat protection); this client may not
      // call InitiateAuth with a password or SRP — only refresh the tokens it was given.
      (this.client.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
      auth = {
        mode: 'oidc',
        issuer: s.jwtIssuer,
        clientId: this.client.userPoolClientId,
        authorizeUrl: `${cognitoBase}/oauth2/authorize`,
        tokenUrl: `${cognitoBase}/oauth2/token`,
        scopes: scopes.map((x) => x.scopeName),
        redirectUri: this.url,
      };
    } else {
      auth = {
        mode: 'oidc',
        issuer: need(config.issuer),
        clientId: need(config.consoleClientId),
        authorizeUrl: need(config.authorizeUrl),
        tokenUrl: need(config.tokenUrl),
        scopes: ['openid', 'profile'],
        redirectUri: this.url,
      };
    }
    this.runtimeConfig = { apiBase: '', auth };
  }

  private acknowledgeFindings(defaultCertificate: boolean): void {
    const d = Validations.of(this.distribution);
    d.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: access is decided by identity, not location — every API route needs a JWT of the regulators’ identity provider and the console’s files hold no data. Officials on duty also work from abroad (Hong Kong/Macao cooperation, travel) and CloudFront has no edge in the mainland, so a country allow-list would lock out legitimate users without protecting anything.',
    });
    d.acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No AWS WAF web ACL: a CloudFront web ACL must live in us-east-1 while these stacks deploy to one region of either partition, and it is billed per request. Behind the distribution the API is throttled by its stage (rate and burst limits), authenticated on every route (JWT) and validates every input; the console is static files. Attach a web ACL (webAclId) when the threat model asks for managed rules.',
    });
    if (defaultCertificate)
      d.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without consoleDomain/consoleCertificateArn the distribution serves on its *.cloudfront.net name with the default certificate, whose security policy CloudFront fixes at TLSv1 (MinimumProtocolVersion is ignored). With them it enforces TLSv1.2_2021. Both origins (S3 and the API) are reached over TLS 1.2 only.',
      });
  }
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('fenji infra: readConfig() guarantees this value with "issuer"');
  return value;
}
