import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Options of {@link OpsAlarms}. */
export interface OpsAlarmsProps {
  /**
   * E-mail addresses subscribed to the ops topic; each must confirm through the link AWS sends.
   * @default []
   */
  readonly emails?: readonly string[];
  /** What happens to the topic's KMS key when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
}

/** Options of {@link OpsAlarms.alarmOn}. */
export interface AlarmOnOptions {
  readonly metric: IMetric;
  /** What it means and what to do: the e-mail ops get shows it. */
  readonly description: string;
  readonly threshold: number;
  /** @default GREATER_THAN_THRESHOLD */
  readonly comparisonOperator?: ComparisonOperator;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default NOT_BREACHING */
  readonly treatMissingData?: TreatMissingData;
}

/**
 * The ops side: an SNS topic for alarms (separate from the alert topic, so subscribers never
 * get them) and the alarms that publish to it, on ALARM and again on OK.
 *
 * The topic is encrypted with a customer managed KMS key because CloudWatch cannot publish to
 * a topic under the AWS managed `aws/sns` key: its key policy cannot be changed to let
 * cloudwatch.amazonaws.com in. The key rotates yearly.
 */
export class OpsAlarms extends Construct {
  /** The topic alarms publish to. */
  readonly topic: Topic;
  /** Every alarm added, in order (the dashboard shows them). */
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: OpsAlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'Key', {
      description: 'Encrypts the NewsAlert ops alarm topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    this.topic = new Topic(this, 'Topic', { displayName: 'NewsAlert ops', masterKey: key, enforceSSL: true });
    for (const email of props.emails ?? []) this.topic.addSubscription(new EmailSubscription(email));
    this.action = new SnsAction(this.topic);
  }

  /** An alarm on `metric` that notifies the ops topic when it fires and when it clears. */
  alarmOn(id: string, options: AlarmOnOptions): Alarm {
    const alarm = new Alarm(this, id, {
      metric: options.metric,
      alarmDescription: options.description,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Alarms as soon as a message waits in the dead-letter queue `queue`. */
  alarmOnDeadLetters(id: string, queue: IQueue, what: string): Alarm {
    return this.alarmOn(id, {
      metric: queue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      description: `${what} is not empty: inspect the messages, fix the cause, then redrive or delete them.`,
      threshold: 0,
    });
  }

  /** Alarms when `fn` reports any error (an unhandled throw or a timeout) within 5 minutes. */
  alarmOnErrors(id: string, fn: IFunction, name: string): Alarm {
    return this.alarmOn(id, {
      metric: fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
      description: `The ${name} function failed: its log group has the ERROR line with the reason.`,
      threshold: 0,
    });
  }
}
