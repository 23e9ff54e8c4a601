/** An SNS message attribute (String or String.Array, as SNS filter policies read them). */
export interface MessageAttribute {
  DataType: 'String' | 'String.Array';
  StringValue: string;
}

/** One formatted alert: a match rendered for every protocol. */
export interface Alert {
  watchlist: string;
  storyId: string;
  /** ASCII, no line breaks, under 100 characters (SNS e-mail subject rules). */
  subject: string;
  /** Plain-text e-mail body. */
  email: string;
  /** SMS text, one segment where possible. */
  sms: string;
  /** Short text for other protocols. */
  default: string;
  /** SNS message attributes: subscribers' filter policies select on these. */
  attributes: Record<string, MessageAttribute>;
}

/** Where alerts go: SNS in AWS; the terminal and an outbox file locally. */
export interface AlertPublisher {
  publish(alerts: Alert[]): Promise<void>;
}
