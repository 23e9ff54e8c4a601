import { join } from 'node:path';
import { OutboxPublisher } from '../shared/alerts/outbox-publisher';
import { localUser } from '../shared/aws/caller-identity';
import { CachedConfig, type RunningConfig } from '../shared/config/running-config';
import { seedConfig, type SeedConfig, type SeedOutcome } from '../shared/config/seed-config';
import type { FetchFeedOptions } from '../shared/feeds/fetch-feed';
import { notifyMatches } from '../shared/pipeline/notify-matches';
import { newMatchesOf, runCycle, type CycleSummary } from '../shared/pipeline/run-cycle';
import { ConfigRepository } from '../shared/store/config-repository';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { openLocalStore, type OpenedLocalStore } from '../shared/store/open-local-store';
import type { Output } from './output';

/** Options of {@link LocalPipeline.open}. */
export interface LocalPipelineOptions {
  /** Configuration to seed into the store: entries it has never had are added, none overwritten. */
  seed?: SeedConfig;
  /** Where the seed came from, for messages. @default "config/" */
  seedLabel?: string;
  fetchOptions?: FetchFeedOptions;
}

/**
 * The whole pipeline in one process: dynalite for DynamoDB, the outbox for SNS. The feeds
 * and watchlists come from the store, as in AWS, so run-time edits (`newsalert watchlists
 * apply`, `feeds add`...) take effect from the next cycle.
 */
export class LocalPipeline {
  private constructor(
    private readonly store: OpenedLocalStore,
    private readonly repository: DynamoRepository,
    private readonly config: CachedConfig,
    private readonly publisher: OutboxPublisher,
    private readonly out: Output,
    private readonly fetchOptions?: FetchFeedOptions,
  ) {}

  /** Opens the local store under `dataDir` (creating the table on first use) and seeds it. */
  static async open(dataDir: string, out: Output, options: LocalPipelineOptions = {}): Promise<LocalPipeline> {
    const store = await openLocalStore(dataDir);
    try {
      const configRepository = new ConfigRepository(store.client, store.tableName);
      if (options.seed) reportSeed(await seedConfig(configRepository, options.seed, localUser()), options.seedLabel ?? 'config/', out);
      const config = new CachedConfig(configRepository, { onStaleRead: (error) => out.line(`config: ${error}; using the last good one`) });
      const repository = new DynamoRepository(store.client, store.tableName);
      const publisher = new OutboxPublisher(join(dataDir, 'outbox.jsonl'), (a) => out.alert(a));
      return new LocalPipeline(store, repository, config, publisher, out, options.fetchOptions);
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /** The configuration that runs now (feeds, enabled watchlists), as read from the store. */
  runningConfig(): Promise<RunningConfig> {
    return this.config.get();
  }

  /** One cycle: poll every feed, then alert on the matches stored for the first time. */
  async cycle(): Promise<{ summary: CycleSummary; alerts: number }> {
    const started = Date.now();
    const config = await this.config.get();
    for (const problem of config.problems) this.out.line(`config: ${problem}`);
    this.out.line(`${new Date().toISOString()} polling ${config.feeds.length} feeds`);
    const summary = await runCycle({
      feeds: config.feeds,
      repository: this.repository,
      matcher: config.matcher,
      fetchOptions: this.fetchOptions,
      onFeed: (r) => this.out.feed(r),
    });
    const alerts = await notifyMatches(newMatchesOf(summary), this.publisher);
    this.out.summary(summary, alerts.length, Date.now() - started);
    return { summary, alerts: alerts.length };
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
    out.line(`config: seeded ${count('feed')} feeds and ${count('watchlist')} watchlists from ${label} into the store`);
  }
  for (const o of outcomes) {
    if (o.outcome === 'differs') {
      const fix = o.kind === 'watchlist' ? `\`newsalert watchlists apply\` the file to run it` : `\`newsalert feeds remove\` and \`feeds add\` it to change it`;
      out.line(`config: ${o.kind} ${o.id} in ${label} differs from the store's version, which runs (edited at run time?); ${fix}`);
    } else if (o.outcome === 'removed') {
      out.line(`config: ${o.kind} ${o.id} in ${label} was removed at run time; not brought back`);
    }
  }
}
