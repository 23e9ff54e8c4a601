import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Distribution,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct, type Node } from 'constructs';
import { GROUPS } from '../../shared/console/console-api';
import { writeWebApp } from '../../shared/console/build-web-app';
import { acknowledge, getAttToken } from '../nag';
import { NewsFunction, TOPIC_ARN_ENV, type FunctionDefaults } from './news-function';

/** The context key that leaves the console out: `cdk deploy -c console=false`. */
export const CONSOLE_CONTEXT_KEY = 'console';

/** True unless the context says `console=false` (from `-c` a string, from cdk.json a boolean). */
export function consoleEnabled(node: Node): boolean {
  const value: unknown = node.tryGetContext(CONSOLE_CONTEXT_KEY);
  return value !== false && value !== 'false';
}

/** Options of {@link NewsConsole}. */
export interface NewsConsoleProps {
  readonly table: ITable;
  /** The alert topic, whose subscribers the console lists. */
  readonly topic: ITopic;
  /** Folder of the handlers (the API's is `console-api.ts`). */
  readonly functionsDir: string;
  readonly functionDefaults: FunctionDefaults;
  /**
   * What happens to the user pool and the API's access logs when the stack goes.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The web console in AWS: the static app in a private S3 bucket behind CloudFront (origin
 * access control), its HTTP API through one Lambda function on the table, behind a Cognito
 * user pool's JWT authorizer (group `viewers` reads, `editors` also changes watchlists and
 * feeds; the handler decides which, from the token's groups). The Atom feeds are a GET route
 * of the same API without the authorizer: their per-watchlist token is checked by the handler.
 * The page calls the API on its own origin (CORS allows only the console's).
 */
export class NewsConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly api: HttpApi;
  readonly handler: NewsFunction;
  /** `https://<distribution>/` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: NewsConsoleProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // The bucket holds only the built app, which every deploy writes again.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.distribution = new Distribution(this, 'Cdn', {
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      comment: 'newsalert console',
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;

    this.userPool = new UserPool(this, 'Users', {
      // Ops add the people who may look: nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy,
    });
    for (const [key, group] of Object.entries(GROUPS))
      new CfnUserPoolGroup(this, `${key[0]!.toUpperCase()}${key.slice(1)}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description:
          group === GROUPS.editors
            ? 'may read everything and change watchlists and feeds in the console'
            : 'may read matches, watchlists, feeds and subscribers in the console',
      });
    // Hosted sign-in pages need a domain; the account id keeps the prefix unique across accounts.
    const domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: {
        domainPrefix: Fn.join('-', ['newsalert', Aws.ACCOUNT_ID, Fn.select(2, Fn.split('-', Aws.STACK_ID))]),
      },
    });
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });

    this.handler = new NewsFunction(this, 'Api', {
      entry: path.join(props.functionsDir, 'console-api.ts'),
      service: 'console',
      description: 'newsalert console API and Atom feeds',
      memorySize: 512,
      // API Gateway gives up after 30 s.
      timeout: Duration.seconds(29),
      ...props.functionDefaults,
    }).bindTable(props.table, {
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        // The backtest preview reads the period's stories, as `watchlists backtest` does.
        'dynamodb:Scan',
      ],
    });
    // The console lists the topic's subscribers; publishing stays notify's, so no bindTopic.
    this.handler.function.addEnvironment(TOPIC_ARN_ENV, props.topic.topicArn);
    this.handler.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['sns:ListSubscriptionsByTopic', 'sns:GetSubscriptionAttributes'],
        resources: [props.topic.topicArn],
      }),
    );

    const integration = new HttpLambdaIntegration('Handler', this.handler.function);
    this.api = new HttpApi(this, 'Http', {
      description: 'newsalert console API',
      corsPreflight: {
        allowOrigins: [this.url.replace(/\/$/, '')],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const authorizer = new HttpUserPoolAuthorizer('Cognito', this.userPool, {
      userPoolClients: [this.client],
    });
    this.api.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration,
      authorizer,
    });
    this.api.addRoutes({ path: '/feeds/{file}', methods: [HttpMethod.GET], integration });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: props.functionDefaults.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        user: '$context.authorizer.claims.username',
        error: '$context.authorizer.error',
      }),
    };

    const webDir = mkdtempSync(path.join(tmpdir(), 'newsalert-web-'));
    writeWebApp(webDir);
    new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(webDir),
        Source.jsonData('config.json', {
          apiUrl: this.api.apiEndpoint,
          auth: {
            domain: `${domain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`,
            clientId: this.client.userPoolClientId,
          },
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });

    new CfnOutput(Stack.of(this), 'ConsoleUrl', {
      value: this.url,
      description: 'The web console (sign in with a user of the ConsoleUserPoolId pool)',
    });
    new CfnOutput(Stack.of(this), 'ConsoleApiUrl', {
      value: this.api.apiEndpoint,
      description:
        'The console API; Atom feeds are at <ConsoleApiUrl>/feeds/<watchlist>.atom?token=... (`newsalert watchlists feed-url ID --stack NAME`)',
    });
    new CfnOutput(Stack.of(this), 'ConsoleUserPoolId', {
      value: this.userPool.userPoolId,
      description: 'Cognito user pool of the console: add users to the viewers or editors group',
    });

    this.acknowledgeFindings();
  }

  private acknowledgeFindings(): void {
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      'The bucket holds only the built static app, written again by every deploy and read only through CloudFront; the API, which holds the data, has access logs',
    );
    const cdn = this.distribution;
    acknowledge(
      cdn,
      'AwsSolutions-CFR1',
      'Ops sign in from wherever they are; the data is behind Cognito at the API, not in the CDN',
    );
    acknowledge(
      cdn,
      'AwsSolutions-CFR2',
      'The distribution serves three static files of public code; the data is behind Cognito at the API (a WAF web ACL costs at least 5 USD a month for no data protected)',
    );
    acknowledge(
      cdn,
      'AwsSolutions-CFR3',
      'Static app files only; the API that serves the data has access logs',
    );
    acknowledge(
      cdn,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate cannot pin the minimum TLS version; a custom domain with its own certificate can (TLSv1.2_2021)',
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'Threat protection needs the Plus feature plan (billed per active user); users are created by ops only and MFA is required',
    );
    acknowledge(
      this.api,
      'AwsSolutions-APIG4',
      'GET /feeds/{file} is for feed readers, which cannot sign in to Cognito: the handler checks the per-watchlist secret token and answers 404 to anything else',
    );
    // BucketDeployment's provider is one function per stack, written by the CDK team.
    const why =
      "CDK's BucketDeployment provider (aws-cdk-lib) copies the built app from the CDK asset bucket to the site bucket and invalidates CloudFront; its role, policy and runtime are the library's";
    for (const child of Stack.of(this).node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      for (const id of [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        `AwsSolutions-IAM5[Resource::${getAttToken(this.bucket, 'Arn')}/*]`,
        // cloudfront:CreateInvalidation / GetInvalidation, as the library's policy grants them.
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-L1',
      ])
        acknowledge(child, id, why);
    }
  }
}
