import { Match } from 'aws-cdk-lib/assertions';
import { ConfigError } from '../../shared/errors';
import { KEY_SCHEMA, MATCH_SK_PREFIX } from '../../shared/store/key-schema';
import { actionsOfRole, logicalId, statementsOfRole, synthStack } from './synth';

describe('NewsAlertStack', () => {
  const { stack, template } = synthStack();
  const ids = {
    table: logicalId(stack, stack.table),
    topic: logicalId(stack, stack.topic),
    poll: logicalId(stack, stack.poll.function),
    pollRole: logicalId(stack, stack.poll.function.role!),
    pollLogs: logicalId(stack, stack.poll.logGroup),
    notify: logicalId(stack, stack.notify.function),
    notifyRole: logicalId(stack, stack.notify.function.role!),
    notifyLogs: logicalId(stack, stack.notify.logGroup),
  };
  const functionProps = (id: string) => template.findResources('AWS::Lambda::Function')[id].Properties;

  test('is environment-agnostic, so synth needs no credentials', () => {
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  describe('functions', () => {
    test('exactly the four handlers (poll, notify, digest, config seed): no other custom-resource function (e.g. LogRetention) sneaks in', () => {
      template.resourceCountIs('AWS::Lambda::Function', 4);
    });

    test.each(['poll', 'notify'] as const)('%s runs Node.js 22 on arm64 and logs to its own group', (name) => {
      const props = functionProps(ids[name]);
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.LoggingConfig).toEqual({ LogGroup: { Ref: ids[name === 'poll' ? 'pollLogs' : 'notifyLogs'] } });
    });

    test('log groups keep logs for a month', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 4);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    test('poll gets only TABLE_NAME; notify gets TABLE_NAME and TOPIC_ARN', () => {
      expect(functionProps(ids.poll).Environment.Variables).toEqual({ TABLE_NAME: { Ref: ids.table } });
      expect(functionProps(ids.notify).Environment.Variables).toEqual({
        TABLE_NAME: { Ref: ids.table },
        TOPIC_ARN: { Ref: ids.topic },
      });
    });

    test('poll has time for a whole cycle, and Lambda does not retry it (the schedule does)', () => {
      expect(functionProps(ids.poll).Timeout).toBe(120);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.poll },
        MaximumRetryAttempts: 0,
      });
    });
  });

  describe('IAM', () => {
    const tableArn = { 'Fn::GetAtt': [ids.table, 'Arn'] };

    test('poll may read and write the table, and nothing on the topic', () => {
      expect(statementsOfRole(template, ids.pollRole)).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']),
          Resource: expect.arrayContaining([tableArn]),
        }),
      );
      expect(actionsOfRole(template, ids.pollRole)).not.toContain('sns:Publish');
    });

    test('notify may publish to the topic, read and write the table, and read its stream', () => {
      const statements = statementsOfRole(template, ids.notifyRole);
      expect(statements).toContainEqual(expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: ids.topic } }));
      expect(statements).toContainEqual(
        expect.objectContaining({ Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem']), Resource: expect.arrayContaining([tableArn]) }),
      );
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
          Resource: { 'Fn::GetAtt': [ids.table, 'StreamArn'] },
        }),
      );
    });

    test.each(['poll', 'notify'] as const)('%s may write its own log group only, without the broad managed policy', (name) => {
      const role = name === 'poll' ? ids.pollRole : ids.notifyRole;
      const logs = name === 'poll' ? ids.pollLogs : ids.notifyLogs;
      expect(template.findResources('AWS::IAM::Role')[role].Properties.ManagedPolicyArns).toBeUndefined();
      expect(statementsOfRole(template, role)).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']),
          Resource: { 'Fn::GetAtt': [logs, 'Arn'] },
        }),
      );
    });
  });

  describe('table', () => {
    const tableProps = () => template.findResources('AWS::DynamoDB::Table')[ids.table].Properties;

    test('keys and indexes come from the shared key schema', () => {
      expect(tableProps().KeySchema).toEqual([
        { AttributeName: KEY_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: KEY_SCHEMA.sortKey, KeyType: 'RANGE' },
      ]);
      expect(tableProps().GlobalSecondaryIndexes).toEqual(
        [KEY_SCHEMA.byWatchlistIndex, KEY_SCHEMA.pendingIndex].map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
      expect(tableProps().AttributeDefinitions).toEqual(
        ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      );
    });

    test('TTL, new-image stream, PITR and on-demand billing', () => {
      expect(tableProps()).toMatchObject({
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        BillingMode: 'PAY_PER_REQUEST',
      });
      expect(tableProps().ProvisionedThroughput).toBeUndefined();
    });

    test('has no fixed name, so a second stack (dev, prod) can live in the same account', () => {
      expect(tableProps().TableName).toBeUndefined();
    });
  });

  describe('removal policy', () => {
    const policies = (t: typeof template) =>
      [...Object.values(t.findResources('AWS::DynamoDB::Table')), ...Object.values(t.findResources('AWS::Logs::LogGroup'))].map(
        (r) => [r.DeletionPolicy, r.UpdateReplacePolicy],
      );

    test('table and logs are retained by default', () => {
      expect(policies(template)).toEqual([
        ['Retain', 'Retain'],
        ['Retain', 'Retain'],
        ['Retain', 'Retain'],
        ['Retain', 'Retain'],
        ['Retain', 'Retain'],
      ]);
    });

    test.each([true, 'true'])('dev=%p destroys them with the stack', (dev) => {
      expect(policies(synthStack({ dev }).template)).toEqual([
        ['Delete', 'Delete'],
        ['Delete', 'Delete'],
        ['Delete', 'Delete'],
        ['Delete', 'Delete'],
        ['Delete', 'Delete'],
      ]);
    });

    test('dev=false keeps them', () => {
      expect(new Set(policies(synthStack({ dev: 'false' }).template).flat())).toEqual(new Set(['Retain']));
    });
  });

  describe('schedule', () => {
    // The poll schedule; the digest schedule is tested with its construct.
    const scheduleOf = (t: typeof template) =>
      Object.values(t.findResources('AWS::Scheduler::Schedule')).find((r) => String(r.Properties.ScheduleExpression).startsWith('rate('))!.Properties;

    test('invokes the poll function every 5 minutes by default, through a role allowed to', () => {
      template.resourceCountIs('AWS::Scheduler::Schedule', 2);
      const schedule = scheduleOf(template);
      expect(schedule.ScheduleExpression).toBe('rate(5 minutes)');
      expect(schedule.State).toBe('ENABLED');
      expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [ids.poll, 'Arn'] });
      // A run that could not start within one interval is dropped, not queued for a day.
      expect(schedule.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 });
      const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0];
      expect(statementsOfRole(template, roleId)).toContainEqual(
        expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: expect.arrayContaining([{ 'Fn::GetAtt': [ids.poll, 'Arn'] }]) }),
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

  describe('notify event source', () => {
    test('reads new match items from the stream, in small bisectable batches, with a failure queue', () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      const queueId = logicalId(stack, stack.node.findChild('NotifyFailures'));
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids.notify },
        EventSourceArn: { 'Fn::GetAtt': [ids.table, 'StreamArn'] },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 10,
        MaximumRetryAttempts: 3,
        BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
    });

    test('the filter lets through only INSERTs of items whose sort key starts with MATCH#', () => {
      const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0].Properties;
      expect(mapping.FilterCriteria.Filters).toHaveLength(1);
      expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({
        eventName: ['INSERT'],
        dynamodb: { Keys: { sk: { S: [{ prefix: MATCH_SK_PREFIX }] } } },
      });
      expect(MATCH_SK_PREFIX).toBe('MATCH#');
    });
  });

  describe('topic and subscriptions', () => {
    test('no subscriptions unless asked for; publishing requires TLS', () => {
      template.resourceCountIs('AWS::SNS::Topic', 1);
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    test('alertEmails and alertPhones from context become e-mail and SMS subscriptions', () => {
      const { template: t } = synthStack({
        alertEmails: 'ops@example.com, desk@example.org,ops@example.com',
        alertPhones: '+14155550100',
      });
      const subs = Object.values(t.findResources('AWS::SNS::Subscription')).map((r) => r.Properties);
      expect(subs.map((s) => [s.Protocol, s.Endpoint]).sort()).toEqual([
        ['email', 'desk@example.org'],
        ['email', 'ops@example.com'],
        ['sms', '+14155550100'],
      ]);
      for (const s of subs) expect(s.TopicArn).toEqual({ Ref: ids.topic });
    });

    test('lists from cdk.json (JSON arrays) work too', () => {
      const { template: t } = synthStack({ alertEmails: ['a@example.com'], alertPhones: ['+447700900123', '+33612345678'] });
      t.resourceCountIs('AWS::SNS::Subscription', 3);
    });
  });

  describe('bad context values fail the synth with one clear line', () => {
    test.each([
      [{ alertEmails: 'ops@example.com,not-an-email' }, 'alertEmails="not-an-email"'],
      [{ alertPhones: '555-1234' }, 'alertPhones="555-1234"'],
      [{ alertPhones: '+1 415 555 0100' }, 'alertPhones="+1 415 555 0100"'],
      [{ pollMinutes: '0' }, 'pollMinutes="0"'],
      [{ pollMinutes: 'five' }, 'pollMinutes="five"'],
      [{ dev: 'yes' }, 'dev="yes"'],
    ])('%p', (context, named) => {
      let error: unknown;
      try {
        synthStack(context);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain(`Invalid CDK context ${named}: expected `);
      expect(message).not.toContain('\n');
    });
  });

  test('outputs name the table, the topic and the poll function', () => {
    template.hasOutput('TableName', { Value: { Ref: ids.table } });
    template.hasOutput('TopicArn', { Value: { Ref: ids.topic } });
    template.hasOutput('PollFunctionName', { Value: { Ref: ids.poll } });
  });
});
