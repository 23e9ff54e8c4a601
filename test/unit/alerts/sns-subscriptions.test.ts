import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsSubscriptions } from '../../../shared/alerts/sns-subscriptions';
import { SubscriptionError } from '../../../shared/errors';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const sns = mockClient(SNSClient);
const directory = () => new SnsSubscriptions(new SNSClient({ region: 'eu-west-1' }), TOPIC);

beforeEach(() => sns.reset());

describe('SnsSubscriptions', () => {
  it('subscribes with the filter policy on message attributes and says an e-mail waits for confirmation', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending confirmation' });
    const { subscription, updated } = await directory().subscribe('ops@example.com', {
      protocol: 'email',
      watchlists: ['ukraine-peace-talks'],
      minPriority: 'high',
    });
    expect(sns.commandCalls(SubscribeCommand)[0]!.args[0].input).toEqual({
      TopicArn: TOPIC,
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      Attributes: {
        FilterPolicy: '{"watchlist":["ukraine-peace-talks"],"priority":["high"],"delivery":["email"]}',
        FilterPolicyScope: 'MessageAttributes',
      },
      ReturnSubscriptionArn: true,
    });
    expect(updated).toBe(false);
    expect(subscription.status).toBe('pending confirmation');
  });

  it('changes the policy of an existing subscription instead of subscribing twice', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { SubscriptionArn: `${TOPIC}:abc`, Protocol: 'sms', Endpoint: '+14155550100', TopicArn: TOPIC },
      ],
    });
    const { updated } = await directory().subscribe('+14155550100', { protocol: 'sms', actors: ['putin'] });
    expect(updated).toBe(true);
    expect(sns.commandCalls(SubscribeCommand)).toHaveLength(0);
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)[0]!.args[0].input).toEqual({
      SubscriptionArn: `${TOPIC}:abc`,
      AttributeName: 'FilterPolicy',
      AttributeValue: '{"actors":["putin"],"delivery":["sms"]}',
    });
  });

  it('refuses a policy beyond the SNS limits without calling AWS', async () => {
    const actors = Array.from({ length: 151 }, (_, i) => `a${i}`);
    await expect(directory().subscribe('+14155550100', { protocol: 'sms', actors })).rejects.toThrow(
      SubscriptionError,
    );
    expect(sns.calls()).toHaveLength(0);
  });

  it('lists every page of subscribers with their policies and confirmation state', async () => {
    sns
      .on(ListSubscriptionsByTopicCommand)
      .resolvesOnce({
        Subscriptions: [{ SubscriptionArn: `${TOPIC}:1`, Protocol: 'sms', Endpoint: '+14155550100' }],
        NextToken: 't',
      })
      .resolvesOnce({
        Subscriptions: [
          { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'ops@example.com' },
        ],
      });
    sns
      .on(GetSubscriptionAttributesCommand)
      .resolves({ Attributes: { FilterPolicy: '{"delivery":["sms"]}', PendingConfirmation: 'false' } });
    expect(await directory().list()).toEqual([
      {
        id: `${TOPIC}:1`,
        protocol: 'sms',
        endpoint: '+14155550100',
        status: 'confirmed',
        filterPolicy: { delivery: ['sms'] },
      },
      {
        id: 'PendingConfirmation',
        protocol: 'email',
        endpoint: 'ops@example.com',
        status: 'pending confirmation',
        filterPolicy: undefined,
      },
    ]);
  });

  it('unsubscribes by address or ARN; a pending e-mail cannot be removed and says so', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { SubscriptionArn: `${TOPIC}:1`, Protocol: 'sms', Endpoint: '+14155550100' },
        { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'ops@example.com' },
      ],
    });
    sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: {} });
    sns.on(UnsubscribeCommand).resolves({});
    expect((await directory().unsubscribe('+14155550100')).map((s) => s.id)).toEqual([`${TOPIC}:1`]);
    expect(sns.commandCalls(UnsubscribeCommand)[0]!.args[0].input).toEqual({ SubscriptionArn: `${TOPIC}:1` });
    await expect(directory().unsubscribe('ops@example.com')).rejects.toThrow(
      /^ops@example\.com: the subscription is still pending confirmation/,
    );
  });
});
