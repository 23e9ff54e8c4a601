import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SERVICES } from '../../shared/pipeline/pipeline-metrics';
import { acknowledge, getAttToken } from '../nag';
import { deadLetterQueue } from './dead-letter-queue';
import { NewsFunction, type FunctionDefaults } from './news-function';

/** SQS's advice: a visibility timeout of at least six times the consumer's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** Deliveries of one poll message before it goes to the dead-letter queue. */
export const POLL_MAX_RECEIVE_COUNT = 3;

/** Options of {@link FeedFanOut}. */
export interface FeedFanOutProps {
  readonly table: ITable;
  /** Directory holding `dispatch.ts` and `poll.ts`. */
  readonly functionsDir: string;
  readonly functionDefaults: FunctionDefaults;
  /** Minutes between dispatch runs. */
  readonly pollMinutes: number;
  /** Queue messages (feeds) per poll invocation. */
  readonly batchSize: number;
  /** Most poll invocations at once. */
  readonly maxConcurrency: number;
  readonly pollTimeout: Duration;
  /** Days a story is kept (DynamoDB TTL). */
  readonly storyTtlDays: number;
}

/**
 * The polling half of the pipeline: EventBridge Scheduler → dispatch (reads due feeds, one
 * SQS message per feed) → poll queue → poll (one feed per message, partial batch responses).
 * Each hop has a dead-letter queue: the schedule's for invocations Scheduler could not make,
 * the poll queue's for messages that failed {@link POLL_MAX_RECEIVE_COUNT} times.
 */
export class FeedFanOut extends Construct {
  readonly dispatch: NewsFunction;
  readonly poll: NewsFunction;
  readonly queue: Queue;
  readonly pollDeadLetters: Queue;
  readonly scheduleDeadLetters: Queue;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: FeedFanOutProps) {
    super(scope, id);
    this.pollDeadLetters = deadLetterQueue(
      this,
      'PollDeadLetters',
      `poll messages that failed ${POLL_MAX_RECEIVE_COUNT} times`,
    );
    this.queue = new Queue(this, 'PollQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A message must not reappear while a poller still works on it.
      visibilityTimeout: Duration.seconds(props.pollTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      // A poll request a day old is worthless: the dispatcher has sent a fresh one every run since.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.pollDeadLetters, maxReceiveCount: POLL_MAX_RECEIVE_COUNT },
    });

    this.dispatch = new NewsFunction(this, 'Dispatch', {
      ...props.functionDefaults,
      service: SERVICES.dispatch,
      entry: path.join(props.functionsDir, 'dispatch.ts'),
      description: 'Reads the state of every feed and queues one poll message per due feed',
      timeout: Duration.minutes(1),
      environment: { QUEUE_URL: this.queue.queueUrl },
    }).bindTable(props.table, { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'] });
    this.queue.grantSendMessages(this.dispatch.function);
    // The schedule is the retry: a second dispatch minutes later would queue the same feeds twice.
    this.dispatch.function.configureAsyncInvoke({ retryAttempts: 0 });

    this.scheduleDeadLetters = deadLetterQueue(
      this,
      'ScheduleDeadLetters',
      'dispatch invocations EventBridge Scheduler could not make',
    );
    this.schedule = new Schedule(this, 'Schedule', {
      description: `Dispatches the due feeds every ${props.pollMinutes} minute(s)`,
      schedule: ScheduleExpression.rate(Duration.minutes(props.pollMinutes)),
      target: new LambdaInvoke(this.dispatch.function, {
        // A run that could not start within one interval is superseded by the next one.
        maxEventAge: Duration.minutes(props.pollMinutes),
        retryAttempts: 2,
        deadLetterQueue: this.scheduleDeadLetters,
      }),
    });
    acknowledge(
      // Scheduler targets share one role per stack, created at the stack's root.
      Stack.of(this),
      `AwsSolutions-IAM5[Resource::${getAttToken(this.dispatch.function, 'Arn')}:*]`,
      "The scheduler role may invoke the dispatch function's versions and aliases, no other function",
    );

    this.poll = new NewsFunction(this, 'Poll', {
      ...props.functionDefaults,
      service: SERVICES.poll,
      entry: path.join(props.functionsDir, 'poll.ts'),
      description:
        'Polls one feed per queue message, matches new stories against the watchlists, stores matches',
      // Parsing and matching are CPU-bound; more memory buys CPU and shorter runs.
      memorySize: 512,
      timeout: props.pollTimeout,
      environment: { STORY_TTL_DAYS: String(props.storyTtlDays) },
    })
      // Feed state read and write; stories and matches are conditional puts.
      .bindTable(props.table, {
        actions: [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
        ],
      });
    this.poll.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize,
        maxConcurrency: props.maxConcurrency,
        // Only the failed records come back to the queue, not the whole batch.
        reportBatchItemFailures: true,
      }),
    );
  }
}
