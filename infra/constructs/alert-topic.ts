import { Alias } from 'aws-cdk-lib/aws-kms';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Options of {@link AlertTopic}. */
export interface AlertTopicProps {
  /**
   * E-mail addresses to subscribe; each must confirm through the link AWS sends.
   * @default []
   */
  readonly emails?: readonly string[];
  /**
   * E.164 phone numbers to subscribe by SMS.
   * @default []
   */
  readonly phones?: readonly string[];
}

/**
 * The SNS topic all alerts go to, with the subscribers known at deploy time. Subscribers
 * added later with the CLI live outside the stack, so a redeploy does not remove them.
 */
export class AlertTopic extends Construct {
  /** The topic. */
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlertTopicProps = {}) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      // Shown as the e-mail sender name and used as the SMS sender prefix, where SMS
      // allows only a few characters: keep it short.
      displayName: 'NewsAlert',
      // Deny publishing over plain HTTP.
      enforceSSL: true,
      // Encrypted at rest under the AWS managed key: no key to run or pay for, and its key
      // policy already lets SNS use it for any publisher in the account (so publishers need
      // no KMS permission). The ops topic needs a key of its own: see OpsAlarms.
      masterKey: Alias.fromAliasName(this, 'AwsManagedKey', 'alias/aws/sns'),
    });
    // The delivery filter keeps SMS digests out of mailboxes and alerts over the SMS cap off
    // phones (see docs/alerts.md); `newsalert subscribe` adds finer choices.
    const delivery = (channel: string) => ({
      delivery: SubscriptionFilter.stringFilter({ allowlist: [channel] }),
    });
    for (const email of props.emails ?? [])
      this.topic.addSubscription(new EmailSubscription(email, { filterPolicy: delivery('email') }));
    for (const phone of props.phones ?? [])
      this.topic.addSubscription(new SmsSubscription(phone, { filterPolicy: delivery('sms') }));
  }
}
