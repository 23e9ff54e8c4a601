import * as path from 'node:path';
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type Node } from 'constructs';
import { DEFAULT_DELIVERY_SETTINGS, DELIVERY_SETTINGS } from '../../shared/alerts/delivery-settings';
import { isUnset, type Setting } from '../../shared/config/setting';
import { SERVICES } from '../../shared/pipeline/pipeline-metrics';
import { ContextError } from '../context';
import { acknowledge, getAttToken } from '../nag';
import { deadLetterQueue } from './dead-letter-queue';
import { NewsFunction, type FunctionDefaults } from './news-function';

/** CDK context keys of alert delivery (`cdk deploy -c smsHourlyCap=20`), from the settings table. */
export const DELIVERY_CONTEXT_KEYS = {
  smsSegments: DELIVERY_SETTINGS.smsSegments.key,
  smsHourlyCap: DELIVERY_SETTINGS.smsHourlyCap.key,
  smsHourlyCapPerWatchlist: DELIVERY_SETTINGS.smsHourlyCapPerWatchlist.key,
  smsHighHourlyCeiling: DELIVERY_SETTINGS.smsHighHourlyCeiling.key,
  dailyDigestHour: DELIVERY_SETTINGS.dailyDigestHour.key,
} as const;

/** Options of {@link AlertDelivery}. */
export interface AlertDeliveryProps {
  readonly table: ITable;
  readonly topic: ITopic;
  /** The stream-fed notify function: it gets the same delivery settings as the digest function. */
  readonly notify: NewsFunction;
  /** Directory holding `digest.ts`. */
  readonly functionsDir: string;
  /**
   * What happens to the digest function's logs when the stack goes.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Settings shared by the stack's functions (log retention and level, metrics namespace).
   * @default - NewsFunction's defaults
   */
  readonly functionDefaults?: FunctionDefaults;
}

/**
 * Alert delivery beyond the stream: the delivery settings (SMS segment budget, hourly SMS caps,
 * daily digest hour) for notify and digest from context, and the hourly digest function that
 * sends the SMS digests of alerts over the cap, the daily e-mail digests, and sweeps alerts
 * the stream left pending (a batch in the DLQ, a worker that died).
 */
export class AlertDelivery extends Construct {
  /** The hourly digest and sweep function. */
  readonly digest: NewsFunction;
  /** Environment variables with the delivery settings, as set on notify and digest. */
  readonly environment: Record<string, string>;
  /**
   * What a Slack, Teams or webhook destination refused for good (a 4xx) or still failed after
   * a day: one message per (alert, destination), with the body it would have got.
   */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: AlertDeliveryProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(
      this,
      'DestinationFailures',
      'what a Slack, Teams or webhook destination refused for good or kept failing',
    );
    this.environment = {
      ...deliveryEnvironment(this.node),
      [DEAD_LETTER_QUEUE_ENV]: this.deadLetters.queueUrl,
    };
    for (const [name, value] of Object.entries(this.environment))
      props.notify.function.addEnvironment(name, value);
    this.deadLetters.grantSendMessages(props.notify.function);

    this.digest = new NewsFunction(this, 'Digest', {
      ...props.functionDefaults,
      service: SERVICES.digest,
      entry: path.join(props.functionsDir, 'digest.ts'),
      description:
        'Hourly: SMS digests of alerts over the cap, the daily e-mail digest, and a sweep of pending alerts',
      timeout: Duration.minutes(2),
      logRemovalPolicy: props.logRemovalPolicy ?? props.functionDefaults?.logRemovalPolicy,
      environment: this.environment,
    })
      // Claims and sent markers, digests, SMS counters, the pending index, the running config.
      .bindTable(props.table, {
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      })
      .bindTopic(props.topic);
    this.deadLetters.grantSendMessages(this.digest.function);

    new Schedule(this, 'Schedule', {
      description:
        'Runs the digest function a minute past every hour (UTC), after the hour the SMS caps count in',
      schedule: ScheduleExpression.cron({ minute: '1' }),
      target: new LambdaInvoke(this.digest.function, {
        // The next run does the same work (every step is idempotent), so an old event is useless.
        maxEventAge: Duration.hours(1),
        retryAttempts: 2,
      }),
    });
    // The scheduler's role is shared by the stack's schedules, so the finding is on the stack.
    acknowledge(
      Stack.of(this),
      `AwsSolutions-IAM5[Resource::${getAttToken(this.digest.function, 'Arn')}:*]`,
      "The scheduler role may invoke the digest function's versions and aliases, no other function",
    );
  }
}

/** The variable notify and digest read the destinations' dead-letter queue from. */
export const DEAD_LETTER_QUEUE_ENV = 'DEAD_LETTER_QUEUE_URL';

/** The delivery settings from context as environment variables (only those given; the code has the defaults). */
export function deliveryEnvironment(node: Node): Record<string, string> {
  const env: Record<string, string> = {};
  for (const setting of Object.values(DELIVERY_SETTINGS) as Setting<unknown>[]) {
    const value: unknown = node.tryGetContext(setting.key);
    if (isUnset(value)) continue;
    const parsed = setting.parse(value);
    if (!parsed) throw new ContextError(setting.key, value, setting.range);
    env[setting.env] = setting.format(parsed.value);
  }
  return env;
}

/** The defaults the functions use when a context key is not given, for docs and tests. */
export const DELIVERY_DEFAULTS = DEFAULT_DELIVERY_SETTINGS;
