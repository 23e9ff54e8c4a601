import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ConfigError } from '../shared/errors';
import { CHANNEL_KINDS, METRICS } from '../shared/pipeline/pipeline-metrics';
import { AlertDelivery } from './constructs/alert-delivery';
import { AlertNotifier } from './constructs/alert-notifier';
import { AlertTopic } from './constructs/alert-topic';
import { ConfigSeed } from './constructs/config-seed';
import { FeedFanOut } from './constructs/feed-fan-out';
import type { FunctionDefaults, NewsFunction } from './constructs/news-function';
import { NewsTable } from './constructs/news-table';
import { OpsAlarms } from './constructs/ops-alarms';
import { OpsDashboard } from './constructs/ops-dashboard';
import { REPO_ROOT, readSettings, type StackSettings } from './context';
import { consoleEnabled, NewsConsole } from './constructs/console';
import { pipelineMetric } from './pipeline-metric';

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
   * Directory holding the handler files `dispatch.ts`, `poll.ts`, `notify.ts`, `digest.ts`
   * and `seed-config.ts`.
   * @default DEFAULT_FUNCTIONS_DIR (`<repo>/functions`)
   */
  readonly functionsDir?: string;
}

/**
 * The pipeline: Scheduler → dispatch → SQS → poll → DynamoDB → stream → notify → SNS, with
 * dead-letter queues, alarms to an ops topic and a dashboard. Settings come from CDK context
 * (see `./context.ts`); the stack is environment-agnostic and does no lookups, so `cdk synth`
 * works offline and without credentials.
 */
export class NewsAlertStack extends Stack {
  /** The settings this stack was built with, after validation. */
  readonly settings: StackSettings;
  /** The single table. */
  readonly table: Table;
  /** The alert topic. */
  readonly topic: Topic;
  /** Scheduler → dispatch → poll queue → poll. */
  readonly fanOut: FeedFanOut;
  /** Table stream → notify → alert topic. */
  readonly notifier: AlertNotifier;
  /** Delivery settings, the hourly digest function and its schedule. */
  readonly delivery: AlertDelivery;
  /** The ops topic and every alarm. */
  readonly ops: OpsAlarms;
  /** The CloudWatch dashboard. */
  readonly dashboard: OpsDashboard;

  /** The scheduled dispatch function. */
  get dispatch(): NewsFunction {
    return this.fanOut.dispatch;
  }
  /** The queue-fed poll function. */
  get poll(): NewsFunction {
    return this.fanOut.poll;
  }
  /** The stream-fed notify function. */
  get notify(): NewsFunction {
    return this.notifier.notify;
  }

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
    // One namespace per stack, so a dev and a prod stack in one account keep apart.
    const namespace = this.stackName;
    const functionDefaults: FunctionDefaults = {
      logRetention: settings.logRetentionDays as RetentionDays,
      logRemovalPolicy: removalPolicy,
      logLevel: settings.logLevel,
      metricsNamespace: namespace,
    };

    this.table = new NewsTable(this, 'Store', { removalPolicy }).table;
    this.topic = new AlertTopic(this, 'Alerts', {
      emails: settings.alertEmails,
      phones: settings.alertPhones,
    }).topic;

    this.fanOut = new FeedFanOut(this, 'Polling', {
      table: this.table,
      functionsDir,
      functionDefaults,
      pollMinutes: settings.pollMinutes,
      batchSize: settings.pollBatchSize,
      maxConcurrency: settings.pollMaxConcurrency,
      pollTimeout: Duration.seconds(settings.pollTimeoutSeconds),
      storyTtlDays: settings.storyTtlDays,
    });
    this.notifier = new AlertNotifier(this, 'Alerting', {
      table: this.table,
      topic: this.topic,
      functionsDir,
      functionDefaults,
    });

    // config/ seeds the table on deploy; run-time edits in the table are never overwritten.
    if (props.config !== undefined) {
      new ConfigSeed(this, 'ConfigSeed', {
        entry: path.join(functionsDir, 'seed-config.ts'),
        table: this.table,
        define: configDefine(props.config)!,
        functionDefaults,
      });
    }
    this.delivery = new AlertDelivery(this, 'Delivery', {
      table: this.table,
      topic: this.topic,
      notify: this.notify,
      functionsDir,
      functionDefaults,
    });

    // The web console (docs/console.md); `-c console=false` leaves it out.
    if (consoleEnabled(this.node))
      new NewsConsole(this, 'Console', {
        table: this.table,
        topic: this.topic,
        functionsDir,
        functionDefaults,
        removalPolicy,
      });

    const ops = new OpsAlarms(this, 'Ops', { emails: settings.opsEmails, removalPolicy });
    this.ops = ops;
    const deadLetterQueues = {
      'poll queue DLQ': this.fanOut.pollDeadLetters,
      'schedule DLQ': this.fanOut.scheduleDeadLetters,
      'notify failures': this.notifier.deadLetters,
      'destination failures': this.delivery.deadLetters,
    };
    ops.alarmOnDeadLetters(
      'PollDeadLettersAlarm',
      this.fanOut.pollDeadLetters,
      'The poll queue dead-letter queue (messages that failed 3 times)',
    );
    ops.alarmOnDeadLetters(
      'ScheduleDeadLettersAlarm',
      this.fanOut.scheduleDeadLetters,
      'The schedule dead-letter queue (dispatch runs Scheduler could not start)',
    );
    ops.alarmOnDeadLetters(
      'NotifyDeadLettersAlarm',
      this.notifier.deadLetters,
      'The notify failure queue (stream batches whose alerts failed after the retries)',
    );
    ops.alarmOnDeadLetters(
      'DestinationDeadLettersAlarm',
      this.delivery.deadLetters,
      'The destination failure queue (alerts a Slack, Teams or webhook destination refused or kept failing; `newsalert destinations list` shows which)',
    );
    for (const kind of CHANNEL_KINDS) {
      // notify sends as alerts are stored, digest sweeps hourly: one alarm sees both.
      const failed = (service: 'notify' | 'digest') =>
        pipelineMetric(namespace, service, METRICS.channelFailed, {
          period: Duration.hours(1),
          dimensions: { channel: kind },
        });
      ops.alarmOn(`${kind[0]!.toUpperCase()}${kind.slice(1)}FailuresAlarm`, {
        metric: new MathExpression({
          expression: 'FILL(n, 0) + FILL(d, 0)',
          usingMetrics: { n: failed('notify'), d: failed('digest') },
          period: Duration.hours(1),
          label: `${kind} failures`,
        }),
        description: `A ${kind} delivery failed after its retries within the hour (kept pending and retried; refused ones go to the destination failure queue): the notify and digest logs ("destination failing") name the ${kind === 'sns' ? 'topic call' : 'destination'} and the reason.`,
        threshold: 0,
      });
    }
    ops.alarmOnErrors('DispatchErrorsAlarm', this.dispatch.function, 'dispatch');
    ops.alarmOnErrors('PollErrorsAlarm', this.poll.function, 'poll');
    ops.alarmOnErrors('NotifyErrorsAlarm', this.notify.function, 'notify');
    // The digest run is the safety net of alert delivery (it sweeps what notify left pending).
    ops.alarmOnErrors('DigestErrorsAlarm', this.delivery.digest.function, 'digest');
    ops.alarmOn('FeedFailingAlarm', {
      // The dispatcher reads every feed's state each run and reports the longest failure, so
      // this sees a failing feed even while backoff keeps it from being polled.
      metric: pipelineMetric(namespace, 'dispatch', METRICS.longestFeedFailure, {
        statistic: 'Maximum',
        period: Duration.minutes(settings.pollMinutes),
      }),
      description: `A feed has been failing for more than ${settings.feedFailingHours} hour(s): the poll logs (message "feed failed") name it and the reason.`,
      threshold: settings.feedFailingHours * 3600,
      // Between two dispatch runs there is no data point: keep the state rather than flap.
      treatMissingData: TreatMissingData.IGNORE,
    });
    ops.alarmOn('NoNewStoryAlarm', {
      metric: pipelineMetric(namespace, 'poll', METRICS.storiesNew, { period: Duration.hours(1) }),
      description: `No feed brought a new story for ${settings.noNewStoryHours} hour(s): polling may have stopped (check the dispatch and poll functions) or every feed is failing.`,
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: settings.noNewStoryHours,
      // No data means no poll ran at all: that is the worst case, not a quiet one.
      treatMissingData: TreatMissingData.BREACHING,
    });
    ops.alarmOn('IteratorAgeAlarm', {
      metric: this.notify.function.metric('IteratorAge', {
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      description: `The notify function lags more than ${settings.iteratorAgeMinutes} minute(s) behind the table stream: alerts are late (errors or throttling of notify).`,
      threshold: settings.iteratorAgeMinutes * 60_000,
    });

    this.dashboard = new OpsDashboard(this, 'Dashboard', {
      namespace,
      functions: {
        dispatch: this.dispatch.function,
        poll: this.poll.function,
        notify: this.notify.function,
        digest: this.delivery.digest.function,
      },
      pollQueue: this.fanOut.queue,
      deadLetterQueues,
      alarms: ops.alarms,
    });

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'DynamoDB table of feeds, stories and matches',
    });
    new CfnOutput(this, 'TopicArn', {
      value: this.topic.topicArn,
      description: 'SNS topic the alerts are published to',
    });
    new CfnOutput(this, 'OpsTopicArn', {
      value: ops.topic.topicArn,
      description: 'SNS topic the ops alarms are published to',
    });
    new CfnOutput(this, 'DispatchFunctionName', {
      value: this.dispatch.function.functionName,
      description:
        'Dispatch function; invoke it to poll the due feeds now instead of waiting for the schedule',
    });
    new CfnOutput(this, 'PollQueueUrl', {
      value: this.fanOut.queue.queueUrl,
      description: 'SQS queue of feeds to poll',
    });
    new CfnOutput(this, 'DashboardName', {
      value: this.dashboard.dashboard.dashboardName,
      description: 'CloudWatch dashboard of the pipeline',
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
    throw new ConfigError(`The config cannot be serialised to JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (json === undefined)
    throw new ConfigError(`The config cannot be serialised to JSON (got ${typeof config})`);
  const literal = JSON.stringify(json);
  const bytes = Buffer.byteLength(literal, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ConfigError(
      `The config is ${bytes} bytes as JSON, more than the ${MAX_CONFIG_BYTES} that can be baked into the config-seed bundle: keep config/ under it and add the other feeds at run time (newsalert feeds add)`,
    );
  }
  return { [CONFIG_DEFINE_KEY]: literal };
}
