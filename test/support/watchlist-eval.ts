import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWatchlists } from '../../shared/config/load-config';
import { compileMatcher } from '../../shared/watchlists/compile-matcher';

/** One labelled story of test/fixtures/watchlist-eval/. */
export interface EvalStory {
  id: string;
  lang: 'en' | 'uk' | 'ru' | 'de' | 'fr' | 'pl';
  /** tune: may be looked at while editing the watchlist; holdout: only measured. */
  split: 'tune' | 'holdout';
  /** About the talks to end the war in Ukraine. */
  relevant: boolean;
  title: string;
  summary: string;
  /** In the ordinary day: `talks`, `ordinary`, or what a distractor shares with the talks. */
  note?: string;
}

/** The labelled sets: the talks in German, French and Polish, later developments, an ordinary day. */
export interface EvalSets {
  talks: EvalStory[];
  later: EvalStory[];
  day: EvalStory[];
}

const FIXTURES = join(__dirname, '..', 'fixtures');
const DIR = join(FIXTURES, 'watchlist-eval');

const readJsonl = (file: string): EvalStory[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalStory);

/** Reads the labelled sets. */
export function readEvalSets(): EvalSets {
  const files = readdirSync(DIR).sort();
  const read = (prefix: string) =>
    files.filter((f) => f.startsWith(prefix)).flatMap((f) => readJsonl(join(DIR, f)));
  return { talks: read('talks-'), later: read('later-'), day: read('ordinary-day-') };
}

/** The earlier labelled stories (English, Ukrainian, Russian; no split). */
export function readLabelledStories(): EvalStory[] {
  return readJsonl(join(FIXTURES, 'labelled-stories', 'stories.jsonl'));
}

/** Recall on one group of relevant stories, with the ids missed. */
export interface Recall {
  caught: number;
  total: number;
  recall: number;
  missed: string[];
}

/** What a watchlist scores on one split of the sets. */
export interface EvalReport {
  /** Reports of the talks per language (the talks sets and the ordinary day's talks stories). */
  recallByLang: Record<string, Recall>;
  /** Later developments, all languages. */
  later: Recall;
  /** Later developments per language. */
  laterByLang: Record<string, Recall>;
  day: {
    stories: number;
    relevant: number;
    alerts: number;
    falseAlerts: string[];
    /** False alerts / stories not about the talks. */
    falsePositiveRate: number;
    /** Alerts about the talks / alerts, at the day's own base rate. */
    precision: number;
    recall: number;
  };
}

const recallOf = (stories: EvalStory[], alerted: (s: EvalStory) => boolean): Recall => {
  const missed = stories.filter((s) => !alerted(s)).map((s) => s.id);
  return {
    caught: stories.length - missed.length,
    total: stories.length,
    recall: stories.length === 0 ? 1 : (stories.length - missed.length) / stories.length,
    missed,
  };
};

const byLang = (stories: EvalStory[], alerted: (s: EvalStory) => boolean): Record<string, Recall> => {
  const out: Record<string, Recall> = {};
  for (const lang of [...new Set(stories.map((s) => s.lang))].sort())
    out[lang] = recallOf(
      stories.filter((s) => s.lang === lang),
      alerted,
    );
  return out;
};

/**
 * Scores a watchlist file (its watchlist with id `watchlistId`) on one split of the sets.
 */
export function evaluateWatchlist(
  file: string,
  watchlistId: string,
  split: 'tune' | 'holdout' | 'all',
  sets: EvalSets = readEvalSets(),
): EvalReport {
  const matcher = compileMatcher(loadWatchlists(file));
  const alerted = (s: EvalStory) => matcher.match(s).some((h) => h.watchlistId === watchlistId);
  const pick = (list: EvalStory[]) => list.filter((s) => split === 'all' || s.split === split);
  const talks = pick(sets.talks);
  const later = pick(sets.later);
  const day = pick(sets.day);
  const dayTalks = day.filter((s) => s.relevant);
  const dayOther = day.filter((s) => !s.relevant);
  const falseAlerts = dayOther.filter(alerted).map((s) => s.id);
  const dayCaught = dayTalks.filter(alerted).length;
  const alerts = dayCaught + falseAlerts.length;
  return {
    recallByLang: byLang([...talks, ...dayTalks], alerted),
    later: recallOf(later, alerted),
    laterByLang: byLang(later, alerted),
    day: {
      stories: day.length,
      relevant: dayTalks.length,
      alerts,
      falseAlerts,
      falsePositiveRate: dayOther.length === 0 ? 0 : falseAlerts.length / dayOther.length,
      precision: alerts === 0 ? 1 : dayCaught / alerts,
      recall: dayTalks.length === 0 ? 1 : dayCaught / dayTalks.length,
    },
  };
}

/** Precision and recall on the earlier labelled stories. */
export function evaluateLabelled(file: string, watchlistId: string): { precision: number; recall: number } {
  const matcher = compileMatcher(loadWatchlists(file));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of readLabelledStories()) {
    const hit = matcher.match(s).some((h) => h.watchlistId === watchlistId);
    if (hit && s.relevant) tp++;
    else if (hit) fp++;
    else if (s.relevant) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}
