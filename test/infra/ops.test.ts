import { idsOf, synthStack } from './synth';

describe('alarms and dashboard', () => {
  const { stack, template } = synthStack();
  const ids = idsOf(stack);
  const alarms = (t = template) =>
    Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
  const alarmOn = (metricName: string, dimension: unknown, t = template) =>
    alarms(t).filter(
      (a) => a.MetricName === metricName && JSON.stringify(a.Dimensions) === JSON.stringify([dimension]),
    );

  test('every alarm notifies the ops topic when it fires and when it clears, never the alert topic', () => {
    expect(alarms()).toHaveLength(15);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([{ Ref: ids.opsTopic }]);
      expect(alarm.OKActions).toEqual([{ Ref: ids.opsTopic }]);
      expect(alarm.AlarmDescription).toMatch(/\S/);
    }
  });

  test.each([
    ['poll queue DLQ', 'pollDlq'],
    ['schedule DLQ', 'scheduleDlq'],
    ['notify failures', 'notifyDlq'],
    ['destination failures', 'destinationDlq'],
  ] as const)('%s: alarm as soon as one message is in it', (_name, queue) => {
    expect(
      alarmOn('ApproximateNumberOfMessagesVisible', {
        Name: 'QueueName',
        Value: { 'Fn::GetAtt': [ids[queue], 'QueueName'] },
      }),
    ).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/SQS',
        Statistic: 'Maximum',
        Period: 60,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
      }),
    ]);
  });

  test('no queue is left without its alarm: one per dead-letter queue', () => {
    expect(alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(4);
  });

  test.each(['sns', 'slack', 'teams', 'webhook'])(
    '%s: alarm on any delivery failing after its retries, from notify and digest together',
    (kind) => {
      const [alarm, ...more] = alarms().filter((a) =>
        (
          a.Metrics as
            { MetricStat?: { Metric: { Dimensions: { Name: string; Value: string }[] } } }[] | undefined
        )?.some((m) => m.MetricStat?.Metric.Dimensions.some((d) => d.Name === 'channel' && d.Value === kind)),
      );
      expect(more).toEqual([]);
      expect(alarm).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
      });
      const metrics = alarm!.Metrics as {
        Expression?: string;
        MetricStat?: {
          Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] };
          Period: number;
        };
      }[];
      expect(metrics.find((m) => m.Expression)?.Expression).toBe('FILL(n, 0) + FILL(d, 0)');
      const stats = metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat] : []));
      expect(
        stats.map((m) => [
          m.Metric.MetricName,
          m.Period,
          m.Metric.Dimensions.find((d) => d.Name === 'service')?.Value,
        ]),
      ).toEqual([
        ['ChannelFailed', 3600, 'notify'],
        ['ChannelFailed', 3600, 'digest'],
      ]);
    },
  );

  test.each(['dispatch', 'poll', 'notify', 'digest'] as const)('%s: alarm on any function error', (name) => {
    expect(alarmOn('Errors', { Name: 'FunctionName', Value: { Ref: ids[name] } })).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: 300,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      }),
    ]);
  });

  test('a feed failing for more than 24 hours, from the longest failure the dispatcher reports each run', () => {
    expect(alarmOn('LongestFeedFailure', { Name: 'service', Value: 'dispatch' })).toEqual([
      expect.objectContaining({
        Namespace: 'Test',
        Statistic: 'Maximum',
        Period: 300,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 86400,
        TreatMissingData: 'ignore',
      }),
    ]);
  });

  test('no new story from any feed for 6 hours; no data at all (no polling) counts as none', () => {
    expect(alarmOn('StoriesNew', { Name: 'service', Value: 'poll' })).toEqual([
      expect.objectContaining({
        Namespace: 'Test',
        Statistic: 'Sum',
        Period: 3600,
        EvaluationPeriods: 6,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      }),
    ]);
  });

  test('the notifier lagging more than 15 minutes behind the stream', () => {
    expect(alarmOn('IteratorAge', { Name: 'FunctionName', Value: { Ref: ids.notify } })).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 15 * 60_000,
      }),
    ]);
  });

  test('thresholds come from context', () => {
    const { stack: s, template: t } = synthStack({
      feedFailingHours: '6',
      noNewStoryHours: 12,
      iteratorAgeMinutes: '5',
      pollMinutes: '10',
    });
    expect(alarmOn('LongestFeedFailure', { Name: 'service', Value: 'dispatch' }, t)[0]).toMatchObject({
      Threshold: 6 * 3600,
      Period: 600,
    });
    expect(alarmOn('StoriesNew', { Name: 'service', Value: 'poll' }, t)[0]).toMatchObject({
      EvaluationPeriods: 12,
    });
    expect(
      alarmOn('IteratorAge', { Name: 'FunctionName', Value: { Ref: idsOf(s).notify } }, t)[0],
    ).toMatchObject({ Threshold: 5 * 60_000 });
  });

  test('the ops topic is its own, encrypted with a rotating key that CloudWatch may use', () => {
    const topic = template.toJSON().Resources[ids.opsTopic].Properties;
    const keyId = topic.KmsMasterKeyId['Fn::GetAtt'][0];
    const key = template.toJSON().Resources[keyId].Properties;
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      }),
    );
    expect(ids.opsTopic).not.toBe(ids.topic);
  });

  describe('dashboard', () => {
    const body = () => {
      const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
      // The body is a Fn::Join of literal text and references; the text is enough here.
      return JSON.stringify(dashboard!.Properties.DashboardBody);
    };

    test('one dashboard', () => {
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    });

    test.each([
      'FeedsDue',
      'FeedsDispatched',
      'FeedsNotDispatched',
      'FeedsPolled',
      'FeedsNotModified',
      'FeedsFailed',
      'FeedsFailing',
      'LongestFeedFailure',
      'StoriesNew',
      'MatchesNew',
      'AlertsSent',
      'AlertsCapped',
      'AlertLatency',
      'IteratorAge',
      'Errors',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
    ])('graphs %s', (metric) => {
      expect(body()).toContain(`\\"${metric}\\"`);
    });

    test('shows every alarm', () => {
      expect(body()).toContain('\\"type\\":\\"alarm\\"');
      for (const id of Object.keys(template.findResources('AWS::CloudWatch::Alarm')))
        expect(body()).toContain(`"Fn::GetAtt":["${id}","Arn"]`);
    });
  });
});
