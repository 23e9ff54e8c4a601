/**
 * What exactly-once delivery costs locally: N stored matches delivered through the claim, SMS
 * cap, publish (outbox) and sent-marker steps on dynalite. Baselines in the same run: storing
 * the same N matches (the conditional puts every match costs anyway), and formatting them and
 * appending them to an outbox file with no bookkeeping at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAlert } from '../shared/alerts/format-alert';
import { OutboxPublisher } from '../shared/alerts/outbox-publisher';
import { SmsBudget } from '../shared/alerts/sms-budget';
import { deliverPending } from '../shared/pipeline/deliver-pending';
import { DynamoDeliveryStore } from '../shared/store/dynamo-delivery-store';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { startLocalStore } from '../shared/store/local-store';
import type { StoryMatch } from '../shared/watchlists/story-match';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 500);

function match(i: number): StoryMatch {
  return {
    watchlistId: `w${i % 5}`,
    watchlistName: `Watchlist ${i % 5}`,
    actors: ['putin', 'witkoff'],
    terms: ['peace plan'],
    matchedAt: new Date(Date.UTC(2025, 11, 1, 8, 0, i)).toISOString(),
    story: {
      id: `story${i}`,
      feedId: 'bench',
      title: `Putin to meet US envoy Witkoff in Moscow on peace plan, story ${i}`,
      summary:
        'Russian President Vladimir Putin will meet US special envoy Steve Witkoff in Moscow to discuss a peace plan to end the war in Ukraine.',
      link: `https://news.example.org/${i}`,
      publishedAt: '2025-12-01T08:00:00.000Z',
      fetchedAt: '2025-12-01T08:00:00.000Z',
    },
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-bench-delivery-'));
  const matches = Array.from({ length: ALERTS }, (_, i) => match(i));

  let t = performance.now();
  await new OutboxPublisher(join(dir, 'baseline.jsonl')).publish(matches.map((m) => formatAlert(m)));
  const outboxMs = performance.now() - t;

  const store = await startLocalStore(join(dir, 'data'));
  const repository = new DynamoRepository(store.client, store.tableName);
  t = performance.now();
  await repository.putMatches(matches);
  const baselineMs = performance.now() - t;
  const ledger = new DynamoDeliveryStore(store.client, store.tableName);
  const deps = {
    ledger,
    publisher: new OutboxPublisher(join(dir, 'outbox.jsonl')),
    smsBudget: new SmsBudget(ledger, { global: 100, perWatchlist: 20 }),
  };
  t = performance.now();
  const first = await deliverPending(deps, { owner: 'bench' });
  const deliverMs = performance.now() - t;
  t = performance.now();
  const again = await deliverPending(deps, { owner: 'bench' });
  const againMs = performance.now() - t;
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(
    `${ALERTS} alerts, 5 watchlists, SMS caps 100/h global and 20/h per watchlist (dynalite, outbox)`,
  );
  console.log(
    `baseline: storing the ${ALERTS} matches (conditional puts, one by one as the poller does): ${baselineMs.toFixed(0)} ms`,
  );
  console.log(
    `format + append to the outbox alone, no bookkeeping: ${outboxMs.toFixed(0)} ms (${(outboxMs / baselineMs).toFixed(2)}x baseline)`,
  );
  console.log(
    `deliver pending (claim, caps, outbox, mark sent): ${deliverMs.toFixed(0)} ms for ${first.published.length} alerts, ${first.smsDeferred} SMS deferred (${(deliverMs / baselineMs).toFixed(1)}x baseline, ${(deliverMs / ALERTS).toFixed(2)} ms per alert)`,
  );
  console.log(
    `second delivery run (nothing pending): ${againMs.toFixed(0)} ms, ${again.published.length} published (${(againMs / baselineMs).toFixed(2)}x baseline)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
