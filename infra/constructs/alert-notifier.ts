import * as path from 'node:path';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SERVICES } from '../../shared/pipeline/pipeline-metrics';
import { KEY_SCHEMA, MATCH_SK_PREFIX } from '../../shared/store/key-schema';
import { acknowledge } from '../nag';
import { deadLetterQueue } from './dead-letter-queue';
import { NewsFunction, type FunctionDefaults } from './news-function';

/** Options of {@link AlertNotifier}. */
export interface AlertNotifierProps {
  /** The table whose stream carries the new matches. */
  readonly table: Table;
  readonly topic: ITopic;
  /** Directory holding `notify.ts`. */
  readonly functionsDir: string;
  readonly functionDefaults: FunctionDefaults;
}

/**
 * The alerting half: table stream (new match items only) → notify → alert topic, with
 * retries, bisection of a failing batch and an on-failure dead-letter queue.
 */
export class AlertNotifier extends Construct {
  readonly notify: NewsFunction;
  /** Pointers to stream records that still failed after the retries. */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: AlertNotifierProps) {
    super(scope, id);
    this.notify = new NewsFunction(this, 'Notify', {
      ...props.functionDefaults,
      service: SERVICES.notify,
      entry: path.join(props.functionsDir, 'notify.ts'),
      description: 'Formats newly stored matches and publishes them to the alert topic',
    })
      // The alert-sent markers that make a redelivered record harmless.
      .bindTable(props.table, {
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      })
      .bindTopic(props.topic);

    // Without it, a batch that still fails after the retries would vanish silently. The
    // queue gets a pointer to the stream records (not the records): they can be read back
    // and replayed while the stream still holds them, i.e. for 24 hours.
    this.deadLetters = deadLetterQueue(
      this,
      'NotifyFailures',
      'the on-failure destination of the notify stream mapping',
    );
    this.notify.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        retryAttempts: 3,
        // Halves a failing batch until the poisonous record is alone, so one bad match
        // does not hold back the alerts of the other nine.
        bisectBatchOnError: true,
        onFailure: new SqsDlq(this.deadLetters),
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
      this.notify,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams (added by the stream event source) and the X-Ray actions of active tracing support no resource-level permissions',
    );
  }
}
