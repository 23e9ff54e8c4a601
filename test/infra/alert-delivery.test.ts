import { ConfigError } from '../../shared/errors';
import { actionsOfRole, logicalId, statementsOfRole, synthStack } from './synth';

describe('AlertDelivery (digest function, schedule, delivery settings)', () => {
  const { stack, template } = synthStack();
  const ids = {
    table: logicalId(stack, stack.table),
    topic: logicalId(stack, stack.topic),
    digest: logicalId(stack, stack.delivery.digest.function),
    digestRole: logicalId(stack, stack.delivery.digest.function.role!),
    notify: logicalId(stack, stack.notify.function),
    notifyRole: logicalId(stack, stack.notify.function.role!),
    destinationDlq: logicalId(stack, stack.delivery.deadLetters),
  };
  const functionProps = (t: typeof template, id: string) =>
    t.findResources('AWS::Lambda::Function')[id].Properties;

  test('the digest function runs Node.js 22 on arm64 with the table and the topic', () => {
    const props = functionProps(template, ids.digest);
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Environment.Variables).toEqual({
      TABLE_NAME: { Ref: ids.table },
      TOPIC_ARN: { Ref: ids.topic },
      DEAD_LETTER_QUEUE_URL: { Ref: ids.destinationDlq },
      POWERTOOLS_SERVICE_NAME: 'digest',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: 'Test',
    });
    const statements = statementsOfRole(template, ids.digestRole);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: ids.topic } }),
    );
    expect(actionsOfRole(template, ids.digestRole)).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:PutItem']),
    );
  });

  test('notify and digest may send to the destination failure queue (encrypted, kept 14 days), and know its URL', () => {
    const queue = template.findResources('AWS::SQS::Queue')[ids.destinationDlq].Properties;
    expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    for (const [fn, role] of [
      [ids.notify, ids.notifyRole],
      [ids.digest, ids.digestRole],
    ]) {
      expect(functionProps(template, fn!).Environment.Variables.DEAD_LETTER_QUEUE_URL).toEqual({
        Ref: ids.destinationDlq,
      });
      expect(statementsOfRole(template, role!)).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['sqs:SendMessage']),
          Resource: { 'Fn::GetAtt': [ids.destinationDlq, 'Arn'] },
        }),
      );
    }
  });

  test('runs a minute past every hour, through a role allowed to invoke it', () => {
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))
      .map((r) => r.Properties)
      .find((p) => p.Target.Arn['Fn::GetAtt']?.[0] === ids.digest);
    expect(schedule.ScheduleExpression).toBe('cron(1 * * * ? *)');
    expect(schedule.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 });
    const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0];
    expect(statementsOfRole(template, roleId)).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: expect.arrayContaining([{ 'Fn::GetAtt': [ids.digest, 'Arn'] }]),
      }),
    );
  });

  test('SMS caps, segment budget and digest hour from context reach notify and digest alike', () => {
    const { stack: s, template: t } = synthStack({
      smsHourlyCap: '20',
      smsHourlyCapPerWatchlist: 3,
      smsSegments: '2',
      dailyDigestHour: 'off',
    });
    const expected = {
      SMS_HOURLY_CAP: '20',
      SMS_HOURLY_CAP_PER_WATCHLIST: '3',
      SMS_SEGMENTS: '2',
      DAILY_DIGEST_HOUR: 'off',
    };
    expect(functionProps(t, logicalId(s, s.notify.function)).Environment.Variables).toMatchObject(expected);
    expect(functionProps(t, logicalId(s, s.delivery.digest.function)).Environment.Variables).toMatchObject(
      expected,
    );
  });

  test.each([
    [{ smsHourlyCap: 'many' }, 'smsHourlyCap="many"'],
    [{ smsSegments: '11' }, 'smsSegments="11"'],
    [{ dailyDigestHour: '24' }, 'dailyDigestHour="24"'],
  ])('a bad value fails the synth with one line naming it: %p', (context, named) => {
    expect(() => synthStack(context)).toThrow(ConfigError);
    expect(() => synthStack(context)).toThrow(`Invalid CDK context ${named}: expected a whole number`);
  });

  test('deploy-time subscribers get the delivery filter: no SMS digests by e-mail, no capped alerts by SMS', () => {
    const { template: t } = synthStack({ alertEmails: 'ops@example.com', alertPhones: '+14155550100' });
    const subs = Object.values(t.findResources('AWS::SNS::Subscription')).map((r) => r.Properties);
    expect(subs.map((s) => [s.Protocol, s.FilterPolicy]).sort()).toEqual([
      ['email', { delivery: ['email'] }],
      ['sms', { delivery: ['sms'] }],
    ]);
  });
});
