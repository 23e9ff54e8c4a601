import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { openChannels, type ChannelSetup } from '../alerts/channels/registry';
import { readDeliverySettings, type DeliverySettings } from '../alerts/delivery-settings';
import { SmsBudget } from '../alerts/sms-budget';
import { DynamoDeliveryStore } from '../store/dynamo-delivery-store';
import type { DeliveryDeps } from './deliver-alerts';

/** The delivery of the Lambdas and of the local run: ledger, channels, SMS guard, settings. */
export interface Delivery extends DeliveryDeps {
  store: DynamoDeliveryStore;
  settings: DeliverySettings;
}

/**
 * Builds delivery on one table: the ledger, the channels that are on (see `CHANNELS`), the
 * SMS budget and the delivery settings read from `env` (the same variables in AWS and
 * locally). The notify and digest functions call it once per container; the local run once.
 * @param setup.local the local run's outbox; absent in AWS, where SNS is on
 */
export function buildDelivery(
  client: DynamoDBClient,
  tableName: string,
  setup: Omit<ChannelSetup, 'settings'>,
): Delivery {
  const settings = readDeliverySettings(setup.env);
  const store = new DynamoDeliveryStore(client, tableName);
  return {
    store,
    ledger: store,
    channels: openChannels({ ...setup, settings }),
    smsBudget: new SmsBudget(store, {
      global: settings.smsHourlyCap,
      perWatchlist: settings.smsHourlyCapPerWatchlist,
      highCeiling: settings.smsHighHourlyCeiling,
    }),
    settings,
  };
}
