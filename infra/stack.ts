import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ConfigError } from '../shared/errors';
import { KEY_SCHEMA, MATCH_SK_PREFIX } from '../shared/store/key-schema';
import { AlertDelivery } from './constructs/alert-delivery';
import { AlertTopic } from './constructs/alert-topic';
import { ConfigSeed } from './constructs/config-seed';
import { NewsFunction } from './constructs/news-function';
import { NewsTable } from './constructs/news-table';
import { REPO_ROOT, readSettings, type StackSettings } from './context';
import { acknowledge, getAttToken } from './nag';

/** Where the Lambda handlers live by default. */
export const DEFAULT_FUNCTIONS_DIR = path.join(REPO_ROOT, 'functions');

/**
 * The expression the seed bundle reads config/ from. esbuild replaces this
 * exact member expression, so handler code must spell it `process.env.NEWSALERT_CONFIG`
 * (not `process.env['…']` nor a destructuring).
 */
export const CONFIG_DEFINE_KEY = 'process.env.NEWSALERT_CONFIG';

/**
 * Largest serialised config we bake in. CDK passes `define` to esbuild as one
 * command-line argument, and Linux refuses any single argument over 128 KiB with a
 * bare "E2BIG"; failing here names the cause instead.
 */
export const MAX_CONFIG_BYTES = 100_000;

/** Options of {@link NewsAlertStack}. */
export interface NewsAlertStackProps extends StackProps {
  /**
   * The application configuration (feeds, watchlists), JSON-serialisable. It is baked
   * into the config-seed function as the string `process.env.NEWSALERT_CONFIG`, which
   * seeds it into the table on deploy; the functions run what the table holds.
   * @default - no config-seed resource
   */
  readonly config?: unknown;
  /**
   * Directory holding the handler files `poll.ts`, `notify.ts`, `digest.ts` and `seed-config.ts`.
   * @default DEFAULT_FUNCTIONS_DIR (`<repo>/functions`)
   */
  readonly functionsDir?: string;
}

/**
 * The walking skeleton of the pipeline: Scheduler -> poll -> DynamoDB -> stream ->
 * notify -> SNS. Settings come from CDK context (see `./context.ts`); the stack is
 * environment-agnostic and does no lookups, so `cdk synth` works offline.
 */
export class NewsAlertStack extends Stack {
  /** The settings this stack was built with, after validation. */
  readonly settings: StackSettings;
  /** The single table. */
  readonly table: Table;
  /** The alert topic. */
  readonly topic: Topic;
  /** The scheduled poll function. */
  readonly poll: NewsFunction;
  /** The stream-triggered notify function. */
  readonly notify: NewsFunction;
  /** Delivery settings, the hourly digest function and its schedule. */
  readonly delivery: AlertDelivery;

  constructor(scope: Construct, id: string, props: NewsAlertStackProps = {}) {
    super(scope, id, {
      description: 'News alerts: scheduled feed polling, watchlist matching, SNS alerts',
      ...props,
    });
    const settings = readSettings(this.node);
    this.settings = settings;
    const functionsDir = props.functionsDir ?? DEFAULT_FUNCTIONS_DIR;
    // Dev stacks are thrown away whole; anything else keeps its data when the stack goes.
    const removalPolicy = settings.dev ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    const table = new NewsTable(this, 'Store', { removalPolicy }).table;
    this.table = table;
    const topic = new AlertTopic(this, 'Alerts', { emails: settings.alertEmails, phones: settings.alertPhones }).topic;
    this.topic = topic;

    const poll = new NewsFunction(this, 'Poll', {
      entry: path.join(functionsDir, 'poll.ts'),
      description: 'Fetches due feeds, matches new stories against the watchlists, stores matches',
      // Parsing and matching are CPU-bound; more memory buys CPU and shorter runs.
      memorySize: 512,
      timeout: Duration.minutes(2),
      logRemovalPolicy: removalPolicy,
    }).bindTable(table);
    this.poll = poll;
    // The schedule is the retry: Lambda's two async retries would re-fetch every feed
    // within minutes, which is impolite to the publishers and gains nothing.
    poll.function.configureAsyncInvoke({ retryAttempts: 0 });

    new Schedule(this, 'PollSchedule', {
      description: `Starts a poll run every ${settings.pollMinutes} minute(s)`,
      schedule: ScheduleExpression.rate(Duration.minutes(settings.pollMinutes)),
      target: new LambdaInvoke(poll.function, {
        // A run that could not start within one interval is superseded by the next one.
        maxEventAge: Duration.minutes(settings.pollMinutes),
        retryAttempts: 2,
      }),
    });
    acknowledge(
      this,
      `AwsSolutions-IAM5[Resource::${getAttToken(poll.function, 'Arn')}:*]`,
      "The scheduler role may invoke the poll function's versions and aliases, no other function",
    );

    // config/ seeds the table on deploy; run-time edits in the table are never overwritten.
    if (props.config !== undefined) {
      new ConfigSeed(this, 'ConfigSeed', { entry: path.join(functionsDir, 'seed-config.ts'), table, define: configDefine(props.config)!, logRemovalPolicy: removalPolicy });
    }

    const notify = new NewsFunction(this, 'Notify', {
      entry: path.join(functionsDir, 'notify.ts'),
      description: 'Formats newly stored matches and publishes them to the alert topic',
      logRemovalPolicy: removalPolicy,
    })
      // Read/write: the alert-sent marker that makes a redelivered record harmless.
      .bindTable(table)
      .bindTopic(topic);
    this.notify = notify;

    // Without it, a batch that still fails after the retries would vanish silently. The
    // queue gets a pointer to the stream records (not the records): they can be read back
    // and replayed while the stream still holds them, i.e. for 24 hours.
    const notifyFailures = new Queue(this, 'NotifyFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      notifyFailures,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue: the on-failure destination of the notify stream mapping',
    );
    notify.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        retryAttempts: 3,
        // Halves a failing batch until the poisonous record is alone, so one bad match
        // does not hold back the alerts of the other nine.
        bisectBatchOnError: true,
        onFailure: new SqsDlq(notifyFailures),
        filters: [
          // Only new match items wake the notifier: not stories, feed state or updates.
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { [KEY_SCHEMA.sortKey]: { S: FilterRule.beginsWith(MATCH_SK_PREFIX) } } },
          }),
        ],
      }),
    );
    acknowledge(
      notify,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams, added by the stream event source, supports no resource-level permissions',
    );

    this.delivery = new AlertDelivery(this, 'Delivery', { table, topic, notify, functionsDir, logRemovalPolicy: removalPolicy });

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'DynamoDB table of feeds, stories and matches' });
    new CfnOutput(this, 'TopicArn', { value: topic.topicArn, description: 'SNS topic the alerts are published to' });
    new CfnOutput(this, 'PollFunctionName', {
      value: poll.function.functionName,
      description: 'Poll function; invoke it to poll now instead of waiting for the schedule',
    });
  }
}

/**
 * The esbuild `define` that bakes `config` into a bundle: the config as a JSON string,
 * itself written as a JavaScript string literal (hence the double stringify).
 * @throws ConfigError if the config is not JSON-serialisable or too large to pass to esbuild
 */
export function configDefine(config: unknown): Record<string, string> | undefined {
  if (config === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(config);
  } catch (err) {
    throw new ConfigError(`The config cannot be serialised to JSON: ${(err as Error).message}`, { cause: err });
  }
  if (json === undefined) throw new ConfigError(`The config cannot be serialised to JSON (got ${typeof config})`);
  const literal = JSON.stringify(json);
  const bytes = Buffer.byteLength(literal, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ConfigError(
      `The config is ${bytes} bytes as JSON, more than the ${MAX_CONFIG_BYTES} that can be baked into the poll bundle`,
    );
  }
  return { [CONFIG_DEFINE_KEY]: literal };
}
