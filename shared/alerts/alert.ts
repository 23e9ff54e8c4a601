/** An SNS message attribute (String or String.Array, as SNS filter policies read them). */
export interface MessageAttribute {
  DataType: 'String' | 'String.Array';
  StringValue: string;
}

/**
 * Which subscribers a message is for, as the `delivery` message attribute: e-mail
 * subscriptions select `email` (and `email-digest` when they want the daily digest), SMS
 * subscriptions select `sms`. An alert over the SMS cap goes out for `email` only and
 * rolls into the next SMS digest.
 */
export type DeliveryChannel = 'email' | 'sms' | 'email-digest';

/** What a message is: one alert, or a digest of several. */
export type AlertKind = 'alert' | 'sms-digest' | 'email-digest';

/** One formatted message: a match (or a digest of matches) rendered for every protocol. */
export interface Alert {
  /**
   * Stable delivery id (`<storyId>:<watchlistId>` for an alert): the same match always gets
   * the same id, which is what lets a publisher tell a redelivery from a new alert.
   */
  id: string;
  kind: AlertKind;
  watchlist: string;
  /** The story alerted; for a digest, its id (`digest:...`), with the stories in `storyIds`. */
  storyId: string;
  /** Stories a digest covers. */
  storyIds?: string[];
  /** ASCII, no line breaks, under 100 characters (SNS e-mail subject rules). */
  subject: string;
  /** Plain-text e-mail body. */
  email: string;
  /** SMS text, within the segment budget (one segment by default). */
  sms: string;
  /** Short text for other protocols. */
  default: string;
  /** The development (cluster) the alert opened or updated, when clustering is on. */
  clusterId?: string;
  /** The reports of the development known when it was sent: `[{feedId, storyId, title, link}]`. */
  sources?: { feedId: string; storyId: string; title: string; link: string }[];
  /** True on an update alert: a later report raised the development's priority. */
  update?: true;
  /**
   * SNS message attributes: subscribers' filter policies select on these
   * (`watchlist`, `actors`, `priority`, `lang`, `delivery`).
   */
  attributes: Record<string, MessageAttribute>;
}

/** What happened to each alert of one publish call. */
export interface PublishResult {
  /** Accepted by the destination (SNS answered with a message id, or the outbox row was written). */
  published: { alert: Alert; messageId?: string }[];
  /** Not accepted after the retries; safe to publish again later. */
  failed: { alert: Alert; reason: string }[];
}

/** Where alerts go: SNS in AWS; the terminal and an outbox file locally. */
export interface AlertPublisher {
  /** Publishes each alert; never throws for a single alert's failure, which is reported in the result. */
  publish(alerts: Alert[]): Promise<PublishResult>;
}

/** The attribute value a message carries for `name` (String.Array values parsed). */
export function attributeValues(alert: Pick<Alert, 'attributes'>, name: string): string[] {
  const attribute = alert.attributes[name];
  if (!attribute) return [];
  if (attribute.DataType === 'String') return [attribute.StringValue];
  const values = JSON.parse(attribute.StringValue) as unknown;
  return Array.isArray(values) ? values.map(String) : [];
}
