import { ConfigError } from '../../shared/errors';
import { KEY_SCHEMA } from '../../shared/store/key-schema';
import { actionsOfRole, FUNCTIONS, idsOf, statementsOfRole, synthStack } from './synth';

describe('NewsAlertStack', () => {
  const { stack, template } = synthStack();
  const ids = idsOf(stack);
  const functionProps = (id: string) => template.findResources('AWS::Lambda::Function')[id].Properties;

  test('is environment-agnostic, so synth needs no credentials', () => {
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  describe('functions', () => {
    test('exactly the five handlers (dispatch, poll, notify, digest, config seed): no other custom-resource function (e.g. LogRetention) sneaks in', () => {
      template.resourceCountIs('AWS::Lambda::Function', 5);
    });

    test.each(FUNCTIONS)(
      '%s runs Node.js 22 on arm64, traced with X-Ray, logging to its own group',
      (name) => {
        const props = functionProps(ids[name]);
        expect(props.Runtime).toBe('nodejs22.x');
        expect(props.Architectures).toEqual(['arm64']);
        expect(props.Handler).toBe('index.handler');
        expect(props.TracingConfig).toEqual({ Mode: 'Active' });
        expect(props.LoggingConfig).toEqual({ LogGroup: { Ref: ids[`${name}Logs`] } });
      },
    );

    test.each(FUNCTIONS)(
      '%s gets Powertools settings: its service name, the stack namespace, the log level',
      (name) => {
        expect(functionProps(ids[name]).Environment.Variables).toMatchObject({
          POWERTOOLS_SERVICE_NAME: name,
          POWERTOOLS_METRICS_NAMESPACE: 'Test',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        });
        expect(
          synthStack({ logLevel: 'debug' }).template.findResources('AWS::Lambda::Function')[ids[name]]
            .Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL,
        ).toBe('DEBUG');
      },
    );

    test('each function gets only the names it uses', () => {
      const app = (id: string) => {
        const {
          POWERTOOLS_SERVICE_NAME: _s,
          POWERTOOLS_METRICS_NAMESPACE: _n,
          POWERTOOLS_LOG_LEVEL: _l,
          ...rest
        } = functionProps(id).Environment.Variables;
        return rest;
      };
      expect(app(ids.dispatch)).toEqual({
        TABLE_NAME: { Ref: ids.table },
        QUEUE_URL: { Ref: ids.pollQueue },
      });
      expect(app(ids.poll)).toEqual({ TABLE_NAME: { Ref: ids.table }, STORY_TTL_DAYS: '90' });
      expect(app(ids.notify)).toEqual({
        TABLE_NAME: { Ref: ids.table },
        TOPIC_ARN: { Ref: ids.topic },
        // What still fails for one chat or webhook destination is dead-lettered there.
        DEAD_LETTER_QUEUE_URL: { Ref: ids.destinationDlq },
      });
      expect(
        synthStack({ storyTtlDays: '30' }).template.findResources('AWS::Lambda::Function')[ids.poll]
          .Properties.Environment.Variables.STORY_TTL_DAYS,
      ).toBe('30');
    });

    test('log groups keep logs for a month by default, logRetentionDays from context', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 5);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      synthStack({ logRetentionDays: '365' }).template.allResourcesProperties('AWS::Logs::LogGroup', {
        RetentionInDays: 365,
      });
    });

    test('Lambda does not retry a failed dispatch: the next scheduled run is the retry', () => {
      template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.dispatch },
        MaximumRetryAttempts: 0,
      });
    });
  });

  describe('IAM: least privilege per function', () => {
    const tableArn = { 'Fn::GetAtt': [ids.table, 'Arn'] };
    const tableActions = (role: string) =>
      actionsOfRole(template, role)
        .filter((a) => a.startsWith('dynamodb:'))
        .sort();

    test('dispatch: batch-reads feed state, reads the running config and sends to the poll queue, nothing else', () => {
      expect(tableActions(ids.dispatchRole)).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
      ]);
      expect(statementsOfRole(template, ids.dispatchRole)).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['sqs:SendMessage']),
          Resource: { 'Fn::GetAtt': [ids.pollQueue, 'Arn'] },
        }),
      );
      expect(actionsOfRole(template, ids.dispatchRole).filter((a) => a.startsWith('sns:'))).toEqual([]);
    });

    test('poll: looks stories up and writes them in batches, puts matches and state, consumes the poll queue, may not publish', () => {
      expect(tableActions(ids.pollRole)).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
      ]);
      expect(statementsOfRole(template, ids.pollRole)).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
          Resource: { 'Fn::GetAtt': [ids.pollQueue, 'Arn'] },
        }),
      );
      expect(actionsOfRole(template, ids.pollRole)).not.toContain('sqs:SendMessage');
      expect(actionsOfRole(template, ids.pollRole).filter((a) => a.startsWith('sns:'))).toEqual([]);
      expect(statementsOfRole(template, ids.pollRole)).toContainEqual(
        expect.objectContaining({ Resource: expect.arrayContaining([tableArn]) }),
      );
    });

    test('notify: publishes to the alert topic, reads the stream, keeps its markers', () => {
      const statements = statementsOfRole(template, ids.notifyRole);
      expect(statements).toContainEqual(
        expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: ids.topic } }),
      );
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
          Resource: { 'Fn::GetAtt': [ids.table, 'StreamArn'] },
        }),
      );
      expect(tableActions(ids.notifyRole)).toEqual([
        'dynamodb:DescribeStream',
        'dynamodb:GetItem',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
    });

    test.each(FUNCTIONS)(
      '%s has no wildcard action and no scan, batch write or delete of the table beyond its needs',
      (name) => {
        const actions = actionsOfRole(template, ids[`${name}Role`]);
        expect(actions.filter((a) => a.includes('*'))).toEqual([]);
        expect(actions).not.toContain('dynamodb:Scan');
        // Only poll writes in batches (stories); every other write is a conditional or single put.
        if (name !== 'poll') expect(actions).not.toContain('dynamodb:BatchWriteItem');
      },
    );

    test.each(FUNCTIONS)('%s may write its own log group only, without the broad managed policy', (name) => {
      const role = ids[`${name}Role`];
      expect(template.findResources('AWS::IAM::Role')[role].Properties.ManagedPolicyArns).toBeUndefined();
      expect(statementsOfRole(template, role)).toContainEqual(
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [ids[`${name}Logs`], 'Arn'] },
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
    });

    test('TTL, new-image stream, PITR, encryption and on-demand billing', () => {
      expect(tableProps()).toMatchObject({
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSEEnabled without a key: KMS under the AWS managed key aws/dynamodb.
        SSESpecification: { SSEEnabled: true },
        BillingMode: 'PAY_PER_REQUEST',
      });
      expect(tableProps().ProvisionedThroughput).toBeUndefined();
      expect(tableProps().TableName).toBeUndefined();
    });
  });

  describe('removal policy', () => {
    const policies = (t: typeof template) =>
      ['AWS::DynamoDB::Table', 'AWS::Logs::LogGroup', 'AWS::KMS::Key'].flatMap((type) =>
        Object.values(t.findResources(type)).map((r) => [type, r.DeletionPolicy, r.UpdateReplacePolicy]),
      );

    test('table, logs and the ops key are retained by default', () => {
      expect(policies(template)).toEqual([
        ['AWS::DynamoDB::Table', 'Retain', 'Retain'],
        ...Array(5).fill(['AWS::Logs::LogGroup', 'Retain', 'Retain']),
        ['AWS::KMS::Key', 'Retain', 'Retain'],
      ]);
    });

    test.each([true, 'true'])('dev=%p destroys them with the stack', (dev) => {
      expect(new Set(policies(synthStack({ dev }).template).map(([, d, u]) => `${d}/${u}`))).toEqual(
        new Set(['Delete/Delete']),
      );
    });

    test('dev=false keeps them', () => {
      expect(new Set(policies(synthStack({ dev: 'false' }).template).map(([, d]) => d))).toEqual(
        new Set(['Retain']),
      );
    });
  });

  describe('alert topic and subscriptions', () => {
    test('no subscriptions unless asked for', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
    });

    test('alertEmails and alertPhones become e-mail and SMS subscriptions of the alert topic; opsEmails of the ops topic', () => {
      const { template: t } = synthStack({
        alertEmails: 'ops@example.com, desk@example.org,ops@example.com',
        alertPhones: '+14155550100',
        opsEmails: 'oncall@example.com',
      });
      const subs = Object.values(t.findResources('AWS::SNS::Subscription')).map((r) => r.Properties);
      expect(subs.map((s) => [s.Protocol, s.Endpoint, s.TopicArn.Ref]).sort()).toEqual([
        ['email', 'desk@example.org', ids.topic],
        ['email', 'oncall@example.com', ids.opsTopic],
        ['email', 'ops@example.com', ids.topic],
        ['sms', '+14155550100', ids.topic],
      ]);
    });

    test('lists from cdk.json (JSON arrays) work too', () => {
      const { template: t } = synthStack({
        alertEmails: ['a@example.com'],
        alertPhones: ['+447700900123', '+33612345678'],
        opsEmails: ['o@example.com'],
      });
      t.resourceCountIs('AWS::SNS::Subscription', 4);
    });
  });

  describe('bad context values fail the synth with one clear line', () => {
    test.each([
      [{ alertEmails: 'ops@example.com,not-an-email' }, 'alertEmails="not-an-email"'],
      [{ opsEmails: 'oncall' }, 'opsEmails="oncall"'],
      [{ alertPhones: '+1 415 555 0100' }, 'alertPhones="+1 415 555 0100"'],
      [{ pollMinutes: 'five' }, 'pollMinutes="five"'],
      [{ pollBatchSize: '11' }, 'pollBatchSize="11"'],
      [{ pollMaxConcurrency: '1' }, 'pollMaxConcurrency="1"'],
      [{ logRetentionDays: '31' }, 'logRetentionDays="31"'],
      [{ noNewStoryHours: '25' }, 'noNewStoryHours="25"'],
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

  test('outputs name the table, both topics, the dispatch function, the poll queue and the dashboard', () => {
    template.hasOutput('TableName', { Value: { Ref: ids.table } });
    template.hasOutput('TopicArn', { Value: { Ref: ids.topic } });
    template.hasOutput('OpsTopicArn', { Value: { Ref: ids.opsTopic } });
    template.hasOutput('DispatchFunctionName', { Value: { Ref: ids.dispatch } });
    template.hasOutput('PollQueueUrl', { Value: { Ref: ids.pollQueue } });
    template.hasOutput('DashboardName', {});
  });
});
