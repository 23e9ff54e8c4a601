import { join } from 'node:path';
import { readDeliverySettings, type DeliverySettings } from '../shared/alerts/delivery-settings';
import { FileDeadLetters } from '../shared/alerts/file-dead-letters';
import { LocalSubscriptions } from '../shared/alerts/local-subscriptions';
import { localUser } from '../shared/aws/caller-identity';
import { CachedConfig, type RunningConfig } from '../shared/config/running-config';
import { seedConfig, type SeedConfig, type SeedOutcome } from '../shared/config/seed-config';
import { describeError } from '../shared/errors';
import type { FetchFeedOptions } from '../shared/feeds/fetch-feed';
import { buildDelivery, type Delivery } from '../shared/pipeline/build-delivery';
import { deliverPending } from '../shared/pipeline/deliver-pending';
import { newMatchesFromPoll } from '../shared/pipeline/new-matches';
import { notifyNewMatches } from '../shared/pipeline/notify-matches';
import { runDigests } from '../shared/pipeline/run-digests';
import { runCycle, type CycleSummary } from '../shared/pipeline/run-cycle';
import { ConfigRepository } from '../shared/store/config-repository';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { openLocalStore, type OpenedLocalStore } from '../shared/store/open-local-store';
import { acquireRunLock } from './run-lock';
import type { Output } from './output';

/**
 * The claim owner of a local run. One owner for the data folder is safe because only one
 * process can open it (the store's lock), and it lets a restarted run take over the claims
 * of one killed mid-cycle at once instead of waiting for their lease to run out.
 */
export const LOCAL_OWNER = 'local';

/** Local subscribers' file, the outbox and the destinations' dead letters, inside the data folder. */
export const localFiles = (dataDir: string) => ({
  outbox: join(dataDir, 'outbox.jsonl'),
  deadLetters: join(dataDir, 'dead-letters.jsonl'),
  subscriptions: join(dataDir, 'subscriptions.json'),
});

/** Options of {@link LocalPipeline.open}. */
export interface LocalPipelineOptions {
  /** Configuration to seed into the store: entries it has never had are added, none overwritten. */
  seed?: SeedConfig;
  /** Where the seed came from, for messages. @default "config/" */
  seedLabel?: string;
  fetchOptions?: FetchFeedOptions;
  /** Where delivery settings (SMS caps, segments, daily digest hour) are read, as in AWS. @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * The whole pipeline in one process: dynalite for DynamoDB, the outbox for SNS. The feeds
 * and watchlists come from the store, as in AWS, so run-time edits (`newsalert watchlists
 * apply`, `feeds add`...) take effect from the next cycle.
 */
export class LocalPipeline {
  private recovered = false;

  private constructor(
    private readonly store: OpenedLocalStore,
    private readonly repository: DynamoRepository,
    private readonly delivery: Delivery,
    private readonly settings: DeliverySettings,
    private readonly config: CachedConfig,
    private readonly out: Output,
    private readonly fetchOptions?: FetchFeedOptions,
  ) {}

  /**
   * Opens the local store under `dataDir` (creating the table on first use) and seeds it.
   * Delivery settings come from the same environment variables as in AWS.
   */
  static async open(
    dataDir: string,
    out: Output,
    options: LocalPipelineOptions = {},
  ): Promise<LocalPipeline> {
    // Read before the store opens: a bad setting is reported without starting it.
    readDeliverySettings(options.env ?? process.env);
    // One run per data folder, refused before the store opens: a second one would attach to
    // the first one's store and deliver its in-flight alerts.
    const releaseLock = acquireRunLock(dataDir);
    let opened: OpenedLocalStore;
    try {
      opened = await openLocalStore(dataDir);
    } catch (err) {
      releaseLock();
      throw err;
    }
    const store: OpenedLocalStore = {
      ...opened,
      close: () => opened.close().finally(releaseLock),
    };
    try {
      const configRepository = new ConfigRepository(store.client, store.tableName);
      if (options.seed)
        reportSeed(
          await seedConfig(configRepository, options.seed, localUser()),
          options.seedLabel ?? 'config/',
          out,
        );
      const config = new CachedConfig(configRepository, {
        onStaleRead: (error) => out.line(`config: ${error}; using the last good one`),
      });
      const files = localFiles(dataDir);
      const subscribers = new LocalSubscriptions(files.subscriptions);
      const delivery = buildDelivery(store.client, store.tableName, {
        env: options.env ?? process.env,
        // Read every delivery: a destination added while `run` runs receives from the next cycle.
        destinationsMaxAgeMs: 0,
        onBadDestination: (id, problem) => out.line(`destinations: ${id}: ${problem}; skipped`),
        deadLetters: new FileDeadLetters(files.deadLetters),
        onChannelOutcomes: (outcomes) => {
          for (const o of outcomes) {
            if (o.failed > 0)
              out.line(`  ! ${o.channel}: ${o.failed} not delivered, kept for a retry: ${o.lastError}`);
            if (o.deadLettered > 0)
              out.line(
                `  ! ${o.channel}: ${o.deadLettered} given up to dead-letters.jsonl in the data folder: ${o.lastError}`,
              );
          }
        },
        onStatusError: (id, error) =>
          out.line(`destinations: ${id}: status not recorded: ${describeError(error)}`),
        local: {
          outboxFile: files.outbox,
          print: (a, r) => out.alert(a, r),
          recipients: (a) => subscribers.recipients(a),
        },
        watchlists: async () => (await config.get()).watchlists,
      });
      return new LocalPipeline(
        store,
        new DynamoRepository(store.client, store.tableName),
        delivery,
        delivery.settings,
        config,
        out,
        options.fetchOptions,
      );
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /** The store this pipeline holds: the console beside `run` serves it. */
  get storeHandle(): Pick<OpenedLocalStore, 'client' | 'tableName'> {
    return this.store;
  }

  /** The configuration that runs now (feeds, enabled watchlists), as read from the store. */
  runningConfig(): Promise<RunningConfig> {
    return this.config.get();
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
      if (report.published.length > 0)
        this.out.line(`delivered ${report.published.length} alerts left pending by an earlier run`);
      alerts += report.published.length;
    }
    const config = await this.config.get();
    for (const problem of config.problems) this.out.line(`config: ${problem}`);
    this.out.line(`${new Date().toISOString()} polling ${config.feeds.length} feeds`);
    const summary = await runCycle({
      feeds: config.feeds,
      repository: this.repository,
      matcher: config.matcher,
      // Local mode: feeds on 127.0.0.1 (the demo, a test server) are allowed; private ranges are not.
      fetchOptions: { allowLoopback: true, ...this.fetchOptions },
      onFeed: (r) => this.out.feed(r),
    });
    for (const warning of summary.warnings) this.out.line(`  ! ${warning}`);
    const report = await notifyNewMatches(newMatchesFromPoll(summary.results, LOCAL_OWNER), this.delivery);
    if (report.smsDeferred > 0)
      this.out.line(
        `${report.smsDeferred} alerts over the hourly SMS cap: sent by e-mail, their SMS rolls into the digest`,
      );
    // The sweep's rule is AWS's: pending alerts the new-matches source did not deliver. Here
    // that source is this process and has had its attempt, so none is too young to sweep.
    const digests = await runDigests(this.delivery, {
      owner: LOCAL_OWNER,
      watchlists: config.watchlists,
      dailyDigestHour: this.settings.dailyDigestHour,
      sweepAfterMinutes: 0,
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

/** One line for what seeding added, one per entry the store keeps in its own version. */
function reportSeed(outcomes: SeedOutcome[], label: string, out: Output): void {
  const added = outcomes.filter((o) => o.outcome === 'added');
  if (added.length > 0) {
    const count = (kind: string) => added.filter((o) => o.kind === kind).length;
    out.line(
      `config: seeded ${count('feed')} feeds and ${count('watchlist')} watchlists from ${label} into the store`,
    );
  }
  for (const o of outcomes) {
    if (o.outcome === 'differs') {
      const fix =
        o.kind === 'watchlist'
          ? `\`newsalert watchlists apply\` the file to run it`
          : `\`newsalert feeds remove\` and \`feeds add\` it to change it`;
      out.line(
        `config: ${o.kind} ${o.id} in ${label} differs from the store's version, which runs (edited at run time?); ${fix}`,
      );
    } else if (o.outcome === 'removed') {
      out.line(`config: ${o.kind} ${o.id} in ${label} was removed at run time; not brought back`);
    }
  }
}
