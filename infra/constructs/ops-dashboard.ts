import { Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS, SERVICES } from '../../shared/pipeline/pipeline-metrics';
import { pipelineMetric } from '../pipeline-metric';

/** Options of {@link OpsDashboard}. */
export interface OpsDashboardProps {
  /** Namespace of the pipeline metrics (the stack name). */
  readonly namespace: string;
  readonly functions: {
    readonly dispatch: IFunction;
    readonly poll: IFunction;
    readonly notify: IFunction;
    readonly digest: IFunction;
  };
  readonly pollQueue: IQueue;
  /** Dead-letter queues by the name shown on the dashboard. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly alarms: readonly IAlarm[];
}

/**
 * One CloudWatch dashboard with what the alarms watch and what explains them: feeds in and
 * out, stories, matches, alerts and their latency, functions, queues and dead letters.
 */
export class OpsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const m = (
      service: keyof typeof SERVICES,
      name: (typeof METRICS)[keyof typeof METRICS],
      statistic = 'Sum',
      label?: string,
    ) => pipelineMetric(props.namespace, service, name, { statistic, label });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 8, height: 6 });
    const fns = Object.entries(props.functions);
    const perFunction = (metric: (fn: IFunction) => IMetric) => fns.map(([, fn]) => metric(fn));

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
      widgets: [
        [
          new TextWidget({
            markdown:
              '# NewsAlert\nFeeds → dispatch → poll queue → poll → table → stream → notify → alert topic. Alarms go to the ops topic.',
            width: 24,
            height: 2,
          }),
        ],
        [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 3 })],
        [
          graph('Feeds dispatched', [
            m('dispatch', METRICS.feedsDue),
            m('dispatch', METRICS.feedsDispatched),
            m('dispatch', METRICS.feedsNotDispatched),
          ]),
          graph('Feeds polled', [
            m('poll', METRICS.feedsPolled),
            m('poll', METRICS.feedsNotModified, 'Sum', '304 Not Modified'),
            m('poll', METRICS.feedsFailed),
          ]),
          graph(
            'Failing feeds',
            [m('dispatch', METRICS.feedsFailing, 'Maximum')],
            [m('dispatch', METRICS.longestFeedFailure, 'Maximum', 'Longest failure (s)')],
          ),
        ],
        [
          graph('Stories and matches', [m('poll', METRICS.storiesNew), m('poll', METRICS.matchesNew)]),
          graph('Alerts', [
            m('notify', METRICS.alertsSent),
            m('notify', METRICS.alertsCapped),
            m('digest', METRICS.alertsSent, 'Sum', 'sent late by the digest sweep'),
          ]),
          graph('Publish-to-alert latency (s)', [
            m('notify', METRICS.alertLatency, Stats.p(50), 'p50'),
            m('notify', METRICS.alertLatency, Stats.p(90), 'p90'),
            m('notify', METRICS.alertLatency, 'Maximum', 'max'),
          ]),
        ],
        [
          graph(
            'Function errors',
            perFunction((fn) => fn.metricErrors({ label: fn.node.scope!.node.id })),
          ),
          graph(
            'Function duration p90 (ms)',
            perFunction((fn) => fn.metricDuration({ statistic: Stats.p(90), label: fn.node.scope!.node.id })),
          ),
          graph('Notify stream iterator age (ms)', [
            props.functions.notify.metric('IteratorAge', { statistic: 'Maximum' }),
          ]),
        ],
        [
          graph(
            'Poll queue',
            [
              props.pollQueue.metricApproximateNumberOfMessagesVisible({
                statistic: 'Maximum',
                label: 'waiting',
              }),
            ],
            [
              props.pollQueue.metricApproximateAgeOfOldestMessage({
                statistic: 'Maximum',
                label: 'oldest (s)',
              }),
            ],
          ),
          graph(
            'Dead letters',
            Object.entries(props.deadLetterQueues).map(([name, q]) =>
              q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: name }),
            ),
          ),
        ],
      ],
    });
  }
}
