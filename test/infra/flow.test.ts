import { MATCH_SK_PREFIX } from '../../shared/store/key-schema';
import { idsOf, statementsOfRole, synthStack } from './synth';

// Scheduler → dispatch → poll queue (+ DLQ) → poll → table → stream → notify (+ DLQ) → topic.
describe('the pipeline flow', () => {
  const { stack, template } = synthStack();
  const ids = idsOf(stack);
  const resource = (id: string) => template.toJSON().Resources[id].Properties;
  const mappings = () =>
    Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((r) => r.Properties);

  describe('schedule → dispatch', () => {
    // The dispatch schedule is the rate one; the hourly digest runs on a cron of its own.
    const scheduleOf = (t: typeof template) =>
      Object.values(t.findResources('AWS::Scheduler::Schedule'))
        .map((r) => r.Properties)
        .find((p) => p.ScheduleExpression.startsWith('rate('));

    test('invokes dispatch every 5 minutes by default, through a role allowed to, with a dead-letter queue', () => {
      template.resourceCountIs('AWS::Scheduler::Schedule', 2);
      const schedule = scheduleOf(template);
      expect(schedule.ScheduleExpression).toBe('rate(5 minutes)');
      expect(schedule.State).toBe('ENABLED');
      expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [ids.dispatch, 'Arn'] });
      // A run that could not start within one interval is dropped: the next one supersedes it.
      expect(schedule.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 });
      expect(schedule.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [ids.scheduleDlq, 'Arn'] } });
      const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0];
      expect(statementsOfRole(template, roleId)).toContainEqual(
        expect.objectContaining({
          Action: 'lambda:InvokeFunction',
          Resource: expect.arrayContaining([{ 'Fn::GetAtt': [ids.dispatch, 'Arn'] }]),
        }),
      );
    });

    test.each([
      ['10', 'rate(10 minutes)', 600],
      [15, 'rate(15 minutes)', 900],
      ['1', 'rate(1 minute)', 60],
    ])('pollMinutes=%p gives %s', (pollMinutes, expression, maxAge) => {
      const schedule = scheduleOf(synthStack({ pollMinutes }).template);
      expect(schedule.ScheduleExpression).toBe(expression);
      expect(schedule.Target.RetryPolicy.MaximumEventAgeInSeconds).toBe(maxAge);
    });
  });

  describe('dispatch → poll queue → poll', () => {
    test('the poll queue hides a message for 6x the poll timeout and moves it to its DLQ after 3 tries', () => {
      expect(template.findResources('AWS::Lambda::Function')[ids.poll].Properties.Timeout).toBe(60);
      expect(resource(ids.pollQueue)).toMatchObject({
        VisibilityTimeout: 360,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [ids.pollDlq, 'Arn'] }, maxReceiveCount: 3 },
      });
    });

    test.each([
      ['30', 180],
      [120, 720],
      ['900', 5400],
    ])('pollTimeoutSeconds=%p: visibility timeout %p s', (pollTimeoutSeconds, visibility) => {
      const { stack: s, template: t } = synthStack({ pollTimeoutSeconds });
      const i = idsOf(s);
      expect(t.findResources('AWS::Lambda::Function')[i.poll].Properties.Timeout).toBe(
        Number(pollTimeoutSeconds),
      );
      const queue = t.toJSON().Resources[i.pollQueue].Properties;
      expect(queue.VisibilityTimeout).toBe(visibility);
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * Number(pollTimeoutSeconds));
    });

    test('poll consumes the queue with partial batch responses, 5 feeds per call, at most 5 at once', () => {
      expect(mappings().filter((m) => m.FunctionName.Ref === ids.poll)).toEqual([
        {
          FunctionName: { Ref: ids.poll },
          EventSourceArn: { 'Fn::GetAtt': [ids.pollQueue, 'Arn'] },
          BatchSize: 5,
          ScalingConfig: { MaximumConcurrency: 5 },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      ]);
    });

    test('batch size and maximum concurrency come from context', () => {
      const { stack: s, template: t } = synthStack({ pollBatchSize: '10', pollMaxConcurrency: 50 });
      t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: idsOf(s).poll },
        BatchSize: 10,
        ScalingConfig: { MaximumConcurrency: 50 },
      });
    });
  });

  describe('table stream → notify → topic', () => {
    test('new match items reach notify in small bisectable batches, with an on-failure queue', () => {
      expect(mappings().filter((m) => m.FunctionName.Ref === ids.notify)).toEqual([
        expect.objectContaining({
          EventSourceArn: { 'Fn::GetAtt': [ids.table, 'StreamArn'] },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: 10,
          MaximumRetryAttempts: 3,
          BisectBatchOnFunctionError: true,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.notifyDlq, 'Arn'] } } },
        }),
      ]);
    });

    test('the filter lets through only INSERTs of items whose sort key starts with MATCH#', () => {
      const mapping = mappings().find((m) => m.FunctionName.Ref === ids.notify)!;
      expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({
        eventName: ['INSERT'],
        dynamodb: { Keys: { sk: { S: [{ prefix: MATCH_SK_PREFIX }] } } },
      });
    });
  });

  test('no other event source: dispatch and poll are not wired to the stream', () => {
    expect(
      mappings()
        .map((m) => m.FunctionName.Ref)
        .sort(),
    ).toEqual([ids.notify, ids.poll].sort());
  });

  test('every dead-letter queue keeps messages for the 14-day maximum', () => {
    for (const id of [ids.pollDlq, ids.scheduleDlq, ids.notifyDlq])
      expect(resource(id).MessageRetentionPeriod).toBe(14 * 86400);
  });
});
