import { join } from 'node:path';
import { OutboxPublisher } from '../shared/alerts/outbox-publisher';
import type { AppConfig } from '../shared/config/load-config';
import type { FetchFeedOptions } from '../shared/feeds/fetch-feed';
import { notifyMatches } from '../shared/pipeline/notify-matches';
import { newMatchesOf, runCycle, type CycleSummary } from '../shared/pipeline/run-cycle';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { startLocalStore, type LocalStore } from '../shared/store/local-store';
import { compileMatcher, type Matcher } from '../shared/watchlists/compile-matcher';
import type { Output } from './output';

/** The whole pipeline in one process: dynalite for DynamoDB, the outbox for SNS. */
export class LocalPipeline {
  private constructor(
    private readonly store: LocalStore,
    private readonly repository: DynamoRepository,
    private readonly matcher: Matcher,
    private readonly publisher: OutboxPublisher,
    private readonly config: AppConfig,
    private readonly out: Output,
    private readonly fetchOptions?: FetchFeedOptions,
  ) {}

  /** Opens the local store under `dataDir` (creating the table on first use). */
  static async open(config: AppConfig, dataDir: string, out: Output, fetchOptions?: FetchFeedOptions): Promise<LocalPipeline> {
    const store = await startLocalStore(dataDir);
    const repository = new DynamoRepository(store.client, store.tableName);
    const publisher = new OutboxPublisher(join(dataDir, 'outbox.jsonl'), (a) => out.alert(a));
    return new LocalPipeline(store, repository, compileMatcher(config.watchlists), publisher, config, out, fetchOptions);
  }

  /** One cycle: poll every feed, then alert on the matches stored for the first time. */
  async cycle(): Promise<{ summary: CycleSummary; alerts: number }> {
    const started = Date.now();
    this.out.line(`${new Date().toISOString()} polling ${this.config.feeds.length} feeds`);
    const summary = await runCycle({
      feeds: this.config.feeds,
      repository: this.repository,
      matcher: this.matcher,
      // Local mode: feeds on 127.0.0.1 (the demo, a test server) are allowed; private ranges are not.
      fetchOptions: { allowLoopback: true, ...this.fetchOptions },
      onFeed: (r) => this.out.feed(r),
    });
    for (const warning of summary.warnings) this.out.line(`  ! ${warning}`);
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
