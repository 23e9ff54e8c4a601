import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { readDeliverySettings, type DeliverySettings } from '../alerts/delivery-settings';
import { SmsBudget } from '../alerts/sms-budget';
import { SnsAlertPublisher } from '../alerts/sns-publisher';
import { ConfigError } from '../errors';
import { DynamoDeliveryStore } from '../store/dynamo-delivery-store';
import type { DeliveryDeps } from './deliver-alerts';

/** The delivery adapters of the Lambda functions, from their environment. */
export interface AwsDelivery extends DeliveryDeps {
  store: DynamoDeliveryStore;
  settings: DeliverySettings;
}

/** Wraps an AWS SDK client, e.g. Powertools Tracer's `captureAWSv3Client`. */
export type ClientWrapper = <T>(client: T) => T;

/**
 * Builds the DynamoDB ledger, the SNS publisher and the SMS budget from `TABLE_NAME`,
 * `TOPIC_ARN` and the delivery settings' variables. Called once per container, at module load.
 * @param capture applied to both clients, so their calls are traced
 * @default capture - none
 */
export function awsDelivery(
  env: Record<string, string | undefined> = process.env,
  capture: ClientWrapper = (client) => client,
): AwsDelivery {
  const tableName = env.TABLE_NAME;
  const topicArn = env.TOPIC_ARN;
  if (!tableName || !topicArn)
    throw new ConfigError('TABLE_NAME and TOPIC_ARN must be set (the stack binds them)');
  const settings = readDeliverySettings(env);
  const store = new DynamoDeliveryStore(capture(new DynamoDBClient({})), tableName);
  return {
    store,
    ledger: store,
    publisher: new SnsAlertPublisher(capture(new SNSClient({})), topicArn),
    smsBudget: new SmsBudget(store, {
      global: settings.smsHourlyCap,
      perWatchlist: settings.smsHourlyCapPerWatchlist,
    }),
    settings,
  };
}
