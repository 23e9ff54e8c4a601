/**
 * The default watchlist on the labelled sets of test/fixtures/watchlist-eval/: recall per
 * language on reports of the talks, recall on later developments, and on an ordinary news day
 * the false-positive rate and the precision of the alerts at that day's base rate. Reported
 * per split (tune: looked at while editing the watchlist; holdout: never), and beside it the
 * earlier labelled stories (test/fixtures/labelled-stories).
 *
 * `npm run bench -- watchlist-eval [file]`: a watchlist file other than the default one can be
 * given (BENCH_WATCHLIST=path works too), to compare an edit with what ships.
 */
import { join } from 'node:path';
import { evaluateLabelled, evaluateWatchlist, type Recall } from '../test/support/watchlist-eval';

const file =
  process.argv[2] ??
  process.env.BENCH_WATCHLIST ??
  join(__dirname, '..', 'config', 'watchlists', 'ukraine-peace-talks.yaml');
const id = 'ukraine-peace-talks';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const r = (x: Recall) => `${x.recall.toFixed(2)} (${x.caught}/${x.total})`;

console.log(`watchlist: ${file}`);
for (const split of ['tune', 'holdout'] as const) {
  const e = evaluateWatchlist(file, id, split);
  console.log(`\n${split}:`);
  console.log(
    `  recall of the talks by language: ${Object.entries(e.recallByLang)
      .map(([lang, x]) => `${lang} ${r(x)}`)
      .join(', ')}`,
  );
  console.log(
    `  later developments: ${r(e.later)} (${Object.entries(e.laterByLang)
      .map(([lang, x]) => `${lang} ${r(x)}`)
      .join(', ')})`,
  );
  console.log(
    `  ordinary day: ${e.day.stories} stories, ${e.day.relevant} about the talks; ${e.day.alerts} alerts, ` +
      `false positives ${e.day.falseAlerts.length} (${pct(e.day.falsePositiveRate)} of the others), ` +
      `precision ${e.day.precision.toFixed(3)}, recall ${e.day.recall.toFixed(2)}`,
  );
  const missed = [...Object.values(e.recallByLang).flatMap((x) => x.missed), ...e.later.missed];
  if (split === 'tune' && missed.length > 0) console.log(`  missed: ${missed.join(' ')}`);
  if (split === 'tune' && e.day.falseAlerts.length > 0)
    console.log(`  false alerts: ${e.day.falseAlerts.join(' ')}`);
}
const labelled = evaluateLabelled(file, id);
console.log(
  `\nearlier labelled stories: precision ${labelled.precision.toFixed(3)}, recall ${labelled.recall.toFixed(3)}`,
);
