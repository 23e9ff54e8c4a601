import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { openTarget } from '../../../cli/target';
import { awsCallerIdentity } from '../../../shared/aws/caller-identity';
import { readStackResources } from '../../../shared/aws/stack-outputs';
import { ConfigError } from '../../../shared/errors';

const cloudFormation = mockClient(CloudFormationClient);
const sts = mockClient(STSClient);
beforeEach(() => {
  cloudFormation.reset();
  sts.reset();
});

const OUTPUTS = [
  { OutputKey: 'TableName', OutputValue: 'NewsAlert-StoreTable0CCFA19B-1ABC' },
  { OutputKey: 'TopicArn', OutputValue: 'arn:aws:sns:eu-west-1:123456789012:NewsAlert-AlertsTopic' },
  { OutputKey: 'PollFunctionName', OutputValue: 'NewsAlert-PollFunction' },
];

describe('readStackResources', () => {
  const client = () => new CloudFormationClient({ region: 'eu-west-1' });

  it('reads the table and topic from the stack outputs, asking for that stack only', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'NewsAlert',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: OUTPUTS,
        },
      ],
    });
    expect(await readStackResources(client(), 'NewsAlert')).toEqual({
      stackName: 'NewsAlert',
      tableName: 'NewsAlert-StoreTable0CCFA19B-1ABC',
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:NewsAlert-AlertsTopic',
    });
    expect(cloudFormation.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: 'NewsAlert' },
    ]);
  });

  it('a stack that does not exist: one line naming it and the region', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }));
    const error = await readStackResources(client(), 'Nope').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'stack Nope: not found in region eu-west-1; check --stack and --region (or AWS_REGION)',
    );
  });

  it('a stack without the outputs (not ours, or half deployed) says which one is missing', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Other',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: OUTPUTS.slice(1),
        },
      ],
    });
    await expect(readStackResources(client(), 'Other')).rejects.toThrow(
      'stack Other: has no output TableName; is it a newsalert stack',
    );
  });
});

describe('awsCallerIdentity', () => {
  it('is the caller ARN (assumed role and session) from STS', async () => {
    sts.on(GetCallerIdentityCommand).resolves({
      Arn: 'arn:aws:sts::123456789012:assumed-role/Ops/alice',
      Account: '123456789012',
      UserId: 'AROA:alice',
    });
    expect(await awsCallerIdentity(new STSClient({ region: 'eu-west-1' }))).toBe(
      'arn:aws:sts::123456789012:assumed-role/Ops/alice',
    );
  });

  it('fails with a hint when there are no usable credentials', async () => {
    sts.on(GetCallerIdentityCommand).rejects(new Error('Could not load credentials from any providers'));
    await expect(awsCallerIdentity(new STSClient({ region: 'eu-west-1' }))).rejects.toThrow(
      'cannot tell who you are in AWS (STS GetCallerIdentity): Could not load credentials from any providers; check your AWS credentials',
    );
  });
});

describe('openTarget --stack', () => {
  it("works on the stack's table and topic, and records the AWS caller as who", async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'NewsAlert',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: OUTPUTS,
        },
      ],
    });
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/bob' });
    const target = await openTarget({ data: '.newsalert', stack: 'NewsAlert', region: 'eu-west-1' });
    try {
      expect(target).toMatchObject({
        label: 'stack NewsAlert',
        tableName: 'NewsAlert-StoreTable0CCFA19B-1ABC',
        topicArn: OUTPUTS[1]!.OutputValue,
      });
      expect(target.config.tableName).toBe('NewsAlert-StoreTable0CCFA19B-1ABC');
      expect(await target.who()).toBe('arn:aws:iam::123456789012:user/bob');
      expect(await target.who()).toBe('arn:aws:iam::123456789012:user/bob');
      expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    } finally {
      await target.close();
    }
  });
});
