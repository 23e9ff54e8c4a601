import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BUNDLE_ALIASES, BUNDLE_TARGET, bundleDefine, EXTERNAL_MODULES, MAIN_FIELDS } from '../bundling';
import { REPO_ROOT } from '../context';
import { acknowledge, getAttToken } from '../nag';

/** Environment variable through which a handler learns the table name. */
export const TABLE_NAME_ENV = 'TABLE_NAME';
/** Environment variable through which a handler learns the alert topic ARN. */
export const TOPIC_ARN_ENV = 'TOPIC_ARN';

/** Settings every function of the stack shares (see {@link NewsFunctionProps}). */
export interface FunctionDefaults {
  /**
   * How long CloudWatch keeps the function's logs.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Powertools log level (POWERTOOLS_LOG_LEVEL).
   * @default 'INFO'
   */
  readonly logLevel?: string;
  /**
   * CloudWatch namespace of the Powertools metrics (POWERTOOLS_METRICS_NAMESPACE).
   * @default 'NewsAlert'
   */
  readonly metricsNamespace?: string;
}

/** Options of {@link NewsFunction}. */
export interface NewsFunctionProps extends FunctionDefaults {
  /** Handler file (TypeScript); it must export `handler`. */
  readonly entry: string;
  /**
   * The function's service name in logs, traces and as the `service` dimension of its
   * metrics (POWERTOOLS_SERVICE_NAME).
   */
  readonly service: string;
  /**
   * Shown in the Lambda console.
   * @default - none
   */
  readonly description?: string;
  /**
   * Memory in MiB; CPU share grows with it.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Compile-time constants for esbuild (`define`); values must be JSON literals.
   * @default - none
   */
  readonly define?: Record<string, string>;
  /**
   * Extra environment variables; {@link NewsFunction.bindTable} and
   * {@link NewsFunction.bindTopic} add theirs.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Lock file whose directory is the bundling root. Set explicitly so that synth does
   * not depend on the current directory.
   * @default `<repo>/package-lock.json`
   */
  readonly depsLockFilePath?: string;
}

/** Options of {@link NewsFunction.bindTable}. */
export interface BindTableOptions {
  /**
   * The DynamoDB actions the function may call, spelled out: least privilege, and no
   * wildcard can creep in.
   */
  readonly actions: readonly `dynamodb:${string}`[];
  /**
   * @default TABLE_NAME_ENV ('TABLE_NAME')
   */
  readonly envName?: string;
}

/**
 * A Node.js Lambda function with the project's defaults: Node.js 22 on arm64 (cheaper
 * per GB-second, fast cold start), bundled by the local esbuild (no Docker) into one
 * minified CommonJS file without source maps (they would add to the bundle size and so to
 * the cold start), and an explicit log group so that retention is set without the LogRetention
 * custom resource (an extra Lambda function per stack). Its role may write to that log
 * group only, instead of the AWS managed basic execution policy's `logs:*` on every
 * group in the account. X-Ray tracing is active and Powertools is configured through the
 * environment.
 */
export class NewsFunction extends Construct {
  /** The underlying function, for event sources, targets and grants. */
  readonly function: NodejsFunction;
  /** The function's log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NewsFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      role,
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.service,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? 'NewsAlert',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      depsLockFilePath: props.depsLockFilePath ?? path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: false,
        target: BUNDLE_TARGET,
        format: OutputFormat.CJS,
        // Decided in ../bundling.ts (the AWS SDK is bundled, not taken from the runtime).
        externalModules: [...EXTERNAL_MODULES],
        mainFields: [...MAIN_FIELDS],
        // The matcher's Unicode tables, derived at synth rather than at every cold start.
        define: bundleDefine(props.define),
        esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`) },
      },
    });
    acknowledge(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) support no resource-level permissions',
    );
    acknowledge(
      this,
      'AwsSolutions-L1',
      'Node.js 22 (LTS, supported into 2027) is the runtime the design chose; moving to a newer one is a deliberate upgrade, not a drive-by',
    );
  }

  /** Gives the function the table: its name in an environment variable plus the listed actions. */
  bindTable(table: ITable, options: BindTableOptions): this {
    this.function.addEnvironment(options.envName ?? TABLE_NAME_ENV, table.tableName);
    table.grant(this.function, ...options.actions);
    const tableArn = getAttToken(table, 'Arn');
    if (tableArn) {
      acknowledge(
        this,
        `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
        "The grant covers this table's own secondary indexes (queries by watchlist), nothing else",
      );
    }
    return this;
  }

  /**
   * Gives the function the topic: its ARN in an environment variable plus sns:Publish.
   * @param envName default TOPIC_ARN_ENV ('TOPIC_ARN')
   */
  bindTopic(topic: ITopic, envName: string = TOPIC_ARN_ENV): this {
    this.function.addEnvironment(envName, topic.topicArn);
    topic.grantPublish(this.function);
    return this;
  }
}
