import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type SNSClient,
  type Subscription as SnsSubscription,
} from '@aws-sdk/client-sns';
import { describeError, SubscriptionError } from '../errors';
import { parseFilterPolicy, type SubscriberChoice } from './filter-policy';
import {
  checkedPolicy,
  type SubscribeResult,
  type Subscription,
  type SubscriptionDirectory,
} from './subscriptions';

/** SNS's placeholder ARN of an e-mail subscription whose link was not clicked yet. */
const PENDING = 'PendingConfirmation';

/**
 * Subscribers of the SNS alert topic. Filter policies apply to message attributes
 * (`FilterPolicyScope: MessageAttributes`); SNS takes up to 15 minutes to apply a new or
 * changed policy everywhere.
 */
export class SnsSubscriptions implements SubscriptionDirectory {
  constructor(
    private readonly sns: SNSClient,
    readonly topicArn: string,
  ) {}

  async subscribe(endpoint: string, choice: SubscriberChoice): Promise<SubscribeResult> {
    // Checked before any call: SNS would refuse an oversized policy only after the subscribe.
    const filterPolicy = checkedPolicy(choice);
    const existing = (await this.rawList()).find(
      (s) => s.Protocol === choice.protocol && s.Endpoint === endpoint && s.SubscriptionArn !== PENDING,
    );
    if (existing?.SubscriptionArn) {
      // Subscribe with other attributes than the existing subscription's is refused by SNS:
      // a changed choice is a changed policy on the same subscription.
      await this.call(`update the filter policy of ${endpoint}`, () =>
        this.sns.send(
          new SetSubscriptionAttributesCommand({
            SubscriptionArn: existing.SubscriptionArn,
            AttributeName: 'FilterPolicy',
            AttributeValue: JSON.stringify(filterPolicy),
          }),
        ),
      );
      return {
        subscription: {
          id: existing.SubscriptionArn,
          protocol: choice.protocol,
          endpoint,
          status: 'confirmed',
          filterPolicy,
        },
        updated: true,
      };
    }
    const out = await this.call(`subscribe ${endpoint}`, () =>
      this.sns.send(
        new SubscribeCommand({
          TopicArn: this.topicArn,
          Protocol: choice.protocol,
          Endpoint: endpoint,
          Attributes: { FilterPolicy: JSON.stringify(filterPolicy), FilterPolicyScope: 'MessageAttributes' },
          // Without it SNS answers "pending confirmation" instead of the ARN for e-mail.
          ReturnSubscriptionArn: true,
        }),
      ),
    );
    const id = out.SubscriptionArn ?? PENDING;
    // An e-mail subscription stays unconfirmed until its owner clicks the link SNS sends.
    const status = choice.protocol === 'email' ? 'pending confirmation' : 'confirmed';
    return {
      subscription: { id, protocol: choice.protocol, endpoint, status, filterPolicy },
      updated: false,
    };
  }

  async list(): Promise<Subscription[]> {
    const subscriptions: Subscription[] = [];
    for (const s of await this.rawList()) {
      const pending = !s.SubscriptionArn || s.SubscriptionArn === PENDING;
      let policy: string | undefined;
      if (!pending) {
        const attributes = await this.call(`read the subscription ${s.SubscriptionArn}`, () =>
          this.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn })),
        );
        policy = attributes.Attributes?.FilterPolicy;
        if (attributes.Attributes?.PendingConfirmation === 'true') s.SubscriptionArn = PENDING;
      }
      subscriptions.push({
        id: s.SubscriptionArn ?? PENDING,
        protocol: s.Protocol ?? '?',
        endpoint: s.Endpoint ?? '?',
        status: s.SubscriptionArn === PENDING ? 'pending confirmation' : 'confirmed',
        filterPolicy: parseFilterPolicy(policy),
      });
    }
    return subscriptions;
  }

  async unsubscribe(idOrAddress: string): Promise<Subscription[]> {
    const all = await this.list();
    const matching = idOrAddress.startsWith('arn:')
      ? all.filter((s) => s.id === idOrAddress)
      : all.filter((s) => s.endpoint === idOrAddress);
    if (matching.length > 0 && matching.every((s) => s.status === 'pending confirmation')) {
      throw new SubscriptionError(
        `${idOrAddress}: the subscription is still pending confirmation; SNS cannot remove it, and deletes it itself when its confirmation link expires unclicked`,
      );
    }
    const removed: Subscription[] = [];
    for (const s of matching.filter((m) => m.status !== 'pending confirmation')) {
      await this.call(`unsubscribe ${s.id}`, () =>
        this.sns.send(new UnsubscribeCommand({ SubscriptionArn: s.id })),
      );
      removed.push(s);
    }
    return removed;
  }

  private async rawList(): Promise<SnsSubscription[]> {
    const all: SnsSubscription[] = [];
    let token: string | undefined;
    do {
      const out = await this.call('list the subscriptions', () =>
        this.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: this.topicArn, NextToken: token })),
      );
      all.push(...(out.Subscriptions ?? []));
      token = out.NextToken;
    } while (token);
    return all;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new SubscriptionError(`${this.topicArn}: cannot ${what}: ${describeError(err)}`, { cause: err });
    }
  }
}
