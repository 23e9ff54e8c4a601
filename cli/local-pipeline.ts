import { join } from 'node:path';
import { readDeliverySettings, type DeliverySettings } from '../shared/alerts/delivery-settings';
import { LocalSubscriptions } from '../shared/alerts/local-subscriptions';
import { OutboxPublisher } from '../shared/alerts/outbox-publisher';
import { SmsBudget } from '../shared/alerts/sms-budget';
import type { AppConfig } from '../shared/config/load-config';
import type { FetchFeedOptions } from '../shared/feeds/fetch-feed';
import type { DeliveryDeps } from '../shared/pipeline/deliver-alerts';
import { deliverPending } from '../shared/pipeline/deliver-pending';
import { notifyMatches } from '../shared/pipeline/notify-matches';
import { runDigests } from '../shared/pipeline/run-digests';
import { newMatchesOf, runCycle, type CycleSummary } from '../shared/pipeline/run-cycle';
import { DynamoDeliveryStore } from '../shared/store/dynamo-delivery-store';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { startLocalStore, type LocalStore } from '../shared/store/local-store';
import { compileMatcher, type Matcher } from '../shared/watchlists/compile-matcher';
import type { Output } from './output';

/**
 * The claim owner of a local run. One owner for the data folder is safe because only one
 * process can open it (the store's lock), and it lets a restarted run take over the claims
 * of one killed mid-cycle at once instead of waiting for their lease to run out.
 */
export const LOCAL_OWNER = 'local';

/** Local subscribers' file and the outbox, inside the data folder. */
export const localFiles = (dataDir: string) => ({
  outbox: join(dataDir, 'outbox.jsonl'),
  subscriptions: join(dataDir, 'subscriptions.json'),
});

/** The whole pipeline in one process: dynalite for DynamoDB, the outbox for SNS. */
export class LocalPipeline {
  private recovered = false;

  private constructor(
    private readonly store: LocalStore,
    private readonly repository: DynamoRepository,
    private readonly delivery: DeliveryDeps & { store: DynamoDeliveryStore },
    private readonly settings: DeliverySettings,
    private readonly matcher: Matcher,
    private readonly config: AppConfig,
    private readonly out: Output,
    private readonly fetchOptions?: FetchFeedOptions,
  ) {}

  /**
   * Opens the local store under `dataDir` (creating the table on first use). Delivery
   * settings (SMS caps, segments, daily digest hour) come from the same environment
   * variables as in AWS.
   */
  static async open(config: AppConfig, dataDir: string, out: Output, fetchOptions?: FetchFeedOptions, env: Record<string, string | undefined> = process.env): Promise<LocalPipeline> {
    const settings = readDeliverySettings(env);
    const store = await startLocalStore(dataDir);
    const files = localFiles(dataDir);
    const subscribers = new LocalSubscriptions(files.subscriptions);
    const deliveryStore = new DynamoDeliveryStore(store.client, store.tableName);
    const delivery = {
      store: deliveryStore,
      ledger: deliveryStore,
      publisher: new OutboxPublisher(files.outbox, { print: (a, r) => out.alert(a, r), recipients: (a) => subscribers.recipients(a) }),
      smsBudget: new SmsBudget(deliveryStore, { global: settings.smsHourlyCap, perWatchlist: settings.smsHourlyCapPerWatchlist }),
      settings,
    };
    return new LocalPipeline(store, new DynamoRepository(store.client, store.tableName), delivery, settings, compileMatcher(config.watchlists), config, out, fetchOptions);
  }

  /**
   * One cycle: first (once per process) the alerts an earlier run stored but never sent,
   * then poll every feed, alert on the new matches, and build and send the digests due.
   */
  async cycle(): Promise<{ summary: CycleSummary; alerts: number }> {
    const started = Date.now();
    let alerts = 0;
    if (!this.recovered) {
      this.recovered = true;
      const report = await deliverPending(this.delivery, { owner: LOCAL_OWNER });
      if (report.published.length > 0) this.out.line(`delivered ${report.published.length} alerts left pending by an earlier run`);
      alerts += report.published.length;
    }
    this.out.line(`${new Date().toISOString()} polling ${this.config.feeds.length} feeds`);
    const summary = await runCycle({
      feeds: this.config.feeds,
      repository: this.repository,
      matcher: this.matcher,
      fetchOptions: this.fetchOptions,
      onFeed: (r) => this.out.feed(r),
    });
    const report = await notifyMatches(newMatchesOf(summary), this.delivery, LOCAL_OWNER);
    if (report.smsDeferred > 0) this.out.line(`${report.smsDeferred} alerts over the hourly SMS cap: sent by e-mail, their SMS rolls into the digest`);
    const digests = await runDigests(this.delivery, {
      owner: LOCAL_OWNER,
      watchlists: this.config.watchlists,
      dailyDigestHour: this.settings.dailyDigestHour,
    });
    alerts += report.published.length + digests.delivery.published.length;
    this.out.summary(summary, alerts, Date.now() - started);
    return { summary, alerts };
  }

  get storeRepository(): DynamoRepository {
    return this.repository;
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
