import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Channel } from '../alerts/channel';
import { openChannels, type ChannelSetup } from '../alerts/channels/registry';
import { readDeliverySettings, type DeliverySettings } from '../alerts/delivery-settings';
import { SmsBudget } from '../alerts/sms-budget';
import { DestinationRepository } from '../store/destination-repository';
import { DynamoDeliveryStore } from '../store/dynamo-delivery-store';
import type { Watchlist } from '../watchlists/watchlist';
import type { DeadLetterSink } from '../alerts/dead-letters';
import type { ChannelOutcome, DeliveryDeps } from './deliver-alerts';
import { openClustering } from './open-clustering';

/** The delivery of the Lambdas and of the local run: ledger, channels, SMS guard, settings. */
export interface Delivery extends DeliveryDeps {
  store: DynamoDeliveryStore;
  settings: DeliverySettings;
  /** The channels that are on now: the fixed ones, then one per stored destination. */
  channels: Channel[];
  /** Reads the stored destinations again when the last read is older than `destinationsMaxAgeMs`. */
  refresh(): Promise<void>;
}

/** Options of {@link buildDelivery}. */
export type DeliverySetup = Omit<ChannelSetup, 'settings' | 'destinations'> & {
  /**
   * How long a read of the stored destinations is reused, in milliseconds. The Lambdas reuse
   * it across invocations of one container; the local run reads them every cycle.
   * @default 30000
   */
  destinationsMaxAgeMs?: number;
  /** The watchlists that run: with them, clustering is on (unless `CLUSTERING=off`). */
  watchlists?: () => Promise<readonly Pick<Watchlist, 'actors'>[]>;
  /** Where notices a destination refused for good go (SQS in AWS, a file locally). @default none: retried */
  deadLetters?: DeadLetterSink;
  /**
   * Told, after each delivery run, what every channel that had something to send did (the
   * Lambdas emit metrics and log failures, the local run prints failures). @default none
   */
  onChannelOutcomes?: (outcomes: readonly ChannelOutcome[]) => void;
  /** Told when a destination's status could not be written (delivery goes on). @default none */
  onStatusError?: (id: string, error: unknown) => void;
};

/** The ledger names of the stored-destination channels: `<kind>:<id>`. */
const DESTINATION_CHANNEL = /^(slack|teams|webhook):(.+)$/;

/**
 * Builds delivery on one table: the ledger, the channels that are on (see `CHANNELS`), the
 * SMS budget and the delivery settings read from `env` (the same variables in AWS and
 * locally). The notify and digest functions call it once per container; the local run once.
 * The destinations are read from the table before each delivery (`refresh`, cached), so one
 * added with `newsalert destinations add` receives from the next delivery on.
 * @param setup.local the local run's outbox; absent in AWS, where SNS is on
 */
export function buildDelivery(client: DynamoDBClient, tableName: string, setup: DeliverySetup): Delivery {
  const settings = readDeliverySettings(setup.env);
  const store = new DynamoDeliveryStore(client, tableName);
  const destinations = new DestinationRepository(client, tableName);
  const maxAgeMs = setup.destinationsMaxAgeMs ?? 30_000;
  let readAt: number | undefined;
  let opened = '[]';
  const delivery: Delivery = {
    store,
    ledger: store,
    channels: openChannels({ ...setup, settings }),
    smsBudget: new SmsBudget(store, {
      global: settings.smsHourlyCap,
      perWatchlist: settings.smsHourlyCapPerWatchlist,
      highCeiling: settings.smsHighHourlyCeiling,
    }),
    settings,
    async refresh() {
      if (readAt !== undefined && Date.now() - readAt < maxAgeMs) return;
      const list = (await destinations.list()).map(
        ({ when: _when, who: _who, health: _health, ...config }) => config,
      );
      readAt = Date.now();
      // Rebuilt only when they changed: a channel keeps its pacing queue between deliveries.
      const key = JSON.stringify(list);
      if (key === opened) return;
      opened = key;
      delivery.channels = openChannels({ ...setup, settings, destinations: list });
    },
    ...(setup.deadLetters ? { deadLetters: setup.deadLetters } : {}),
    health: {
      // Each destination's status for `destinations list`: a destination that keeps failing
      // shows it there, besides the log line and the metric.
      async record(outcomes) {
        const at = new Date();
        setup.onChannelOutcomes?.(outcomes);
        await Promise.all(
          outcomes.map(async (outcome) => {
            const id = DESTINATION_CHANNEL.exec(outcome.channel)?.[2];
            if (!id) return;
            try {
              await destinations.recordOutcome({ id, ...outcome }, at);
            } catch (err) {
              setup.onStatusError?.(id, err);
            }
          }),
        );
      },
    },
    ...(setup.watchlists
      ? { clustering: openClustering(client, tableName, setup.env, setup.watchlists) }
      : {}),
  };
  return delivery;
}
