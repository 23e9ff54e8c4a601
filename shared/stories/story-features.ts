import type { Priority } from '../watchlists/story-match';
import { conceptsOf } from './concept-lexicon';
import type { EntityExtractor, EntityMention } from './entity-extractor';
import { simhash } from './simhash';
import { isStopword, tokenOf, words, type Word } from './text-tokens';

/** A sparse vector: feature to weight. */
export type SparseVector = Record<string, number>;

/**
 * What clustering knows about one matched story: computed once, when it is matched, and
 * small enough to store beside it. Every field is derived from the story alone, so the same
 * story always gives the same features (a rerun or a backfill clusters the same way).
 */
export interface StoryFeatures {
  storyId: string;
  watchlistId: string;
  /** Epoch ms: the published time, capped at when the story was first seen. */
  at: number;
  lang: string;
  priority: Priority;
  /** SimHash of the folded words (16 hex digits), for reprints. */
  simhash: string;
  /**
   * The language-independent sub-vector, unit length: actors (`a:`), places (`p:`),
   * concepts of the lexicon (`c:`), numbers (`n:`) and dates (`d:MM-DD`).
   */
  neutral: SparseVector;
  /** The bag of words of the story's own language (transliterated 6-letter stems), unit length. */
  tokens: SparseVector;
  /** Person actors the headline quotes (`Peskov: ...`, `Rubio says ...`). */
  speakers: string[];
  /** `announced` when the headline speaks of something still to happen (`to meet`, `примет`). */
  phase: 'announced' | 'reported';
  /** Person actors named in the headline. */
  headlinePersons: string[];
  /** Ordinals in the headline (`second day`): `ord:2`. */
  ordinals: string[];
  /** Weekdays named anywhere (`wd:2` is Tuesday). */
  weekdays: string[];
  /** Calendar dates named anywhere (`d:12-02`). */
  dates: string[];
}

/** What {@link storyFeatures} reads of a story. */
export interface FeatureInput {
  id: string;
  title: string;
  summary: string;
  /** ISO time the story says it was published. */
  publishedAt: string;
  /** ISO time the story was first seen; the published time is capped at it. */
  fetchedAt?: string;
  lang?: string;
  watchlistId: string;
  priority?: Priority;
}

// Concepts every report of the talks has: weighed low, they neither join nor split.
const GENERIC = new Set([
  'c:talks',
  'c:peace',
  'c:war',
  'c:plan',
  'c:president',
  'c:say',
  'c:no',
  'c:eu',
  'c:meet',
  'c:end',
  'c:deal',
  'c:fut',
  'c:past',
  'c:leaders',
]);
const SPEECH = new Set(['say', 'threat', 'reject', 'demand']);
// `to meet`, `will host`: English headlines announce with these verbs after "to" or "will".
const ANNOUNCING_VERBS = new Set([
  'meet',
  'travel',
  'fly',
  'visit',
  'host',
  'hold',
  'attend',
  'sign',
  'join',
  'arrive',
  'present',
  'receive',
  'go',
  'head',
  'discuss',
]);
const ANNOUNCING_WORDS = new Set(['preview']);
// `половин` written as escapes: a non-ASCII regex literal makes V8 hold the whole bundle as two-byte text.
const HALF = /^(half|\u043f\u043e\u043b\u043e\u0432\u0438\u043d)/;
const COLON_AFTER = /^(?:['\u2019]s)?(?:\s+[\p{L}\p{N}-]+){0,4}?\s*:/u;

/**
 * The features of one story for clustering: actors and places through the watchlists' actor
 * registry (any spelling or script), numbers, dates, lexicon concepts, a transliterated bag of
 * words, the headline's speaker and phase, and a SimHash.
 */
export function storyFeatures(story: FeatureInput, entities: EntityExtractor): StoryFeatures {
  const published = Date.parse(story.publishedAt);
  const seen = story.fetchedAt ? Date.parse(story.fetchedAt) : NaN;
  const at = Number.isNaN(seen) ? published : Number.isNaN(published) ? seen : Math.min(published, seen);
  const title = words(story.title);
  const summary = words(story.summary);
  const mentions = entities.mentions(story.title, story.summary);
  const neutral: SparseVector = {};
  const tokens: SparseVector = {};
  const add = (v: SparseVector, key: string, w: number) => (v[key] = (v[key] ?? 0) + w);

  for (const m of mentions) {
    const w = m.kind === 'org' ? 0.6 : m.kind === 'place' ? 1 : 1.4;
    add(neutral, m.key, m.field === 'title' ? w * 1.5 : w);
  }
  const weekdays = new Set<string>();
  const dates = new Set<string>();
  const ordinals = new Set<string>();
  let announcing = 0;
  let reported = 0;
  const scan = (list: Word[], inTitle: boolean) => {
    const scale = inTitle ? 1.5 : 1;
    list.forEach((word, i) => {
      const f = word.folded;
      if (/^\d+$/.test(f)) {
        const n = Number(f);
        add(neutral, `n:${n}`, (n >= 1990 && n <= 2040 ? 0.6 : 1.4) * scale);
        const month = [list[i - 1], list[i + 1]]
          .flatMap((w) => (w ? conceptsOf(w.folded) : []))
          .find((c) => c.startsWith('mon:'));
        if (month && n >= 1 && n <= 31) {
          const d = `d:${month.slice(4).padStart(2, '0')}-${String(n).padStart(2, '0')}`;
          dates.add(d);
          add(neutral, d, 2 * scale);
        }
        return;
      }
      const concepts = conceptsOf(f);
      for (const c of concepts) {
        if (c.startsWith('wd:')) weekdays.add(c);
        if (c.startsWith('ord:') && inTitle && !HALF.test(list[i + 1]?.folded ?? '')) ordinals.add(c);
        // "пока не планируется" (not planned yet) announces nothing.
        if (c === 'fut' && inTitle && !conceptsOf(list[i - 1]?.folded ?? '').includes('no')) announcing++;
        if (c === 'past' && inTitle) reported++;
        if (c.startsWith('mon:')) continue;
        const key = c.startsWith('n:') ? c : `c:${c}`;
        add(neutral, key, (GENERIC.has(key) ? 0.4 : 1) * scale);
      }
      if (inTitle && (f === 'to' || f === 'will') && ANNOUNCING_VERBS.has(list[i + 1]?.folded ?? ''))
        announcing++;
      if (inTitle && ANNOUNCING_WORDS.has(f)) announcing++;
      if (f.length < 3 || isStopword(f)) return;
      const t = tokenOf(f);
      if (t.length >= 3) add(tokens, t, scale);
    });
  };
  scan(title, true);
  // English headlines announce with a name and "to" or "will": "Putin to meet", "Witkoff and
  // Kushner to brief Trump".
  for (const m of mentions) {
    if (m.field !== 'title') continue;
    const i = title.findIndex((w) => w.start >= m.end);
    const next = title[i];
    const verb = title[i + 1];
    if (
      next &&
      verb &&
      (next.folded === 'to' || next.folded === 'will') &&
      story.title.slice(m.end, next.start).trim() === '' &&
      /^\p{Ll}/u.test(story.title.slice(verb.start, verb.end)) &&
      !mentions.some((o) => o.field === 'title' && o.start === verb.start)
    )
      announcing++;
  }
  scan(summary, false);

  return {
    storyId: story.id,
    watchlistId: story.watchlistId,
    at,
    lang: (story.lang ?? '').toLowerCase().split('-')[0] || 'und',
    priority: story.priority ?? 'normal',
    simhash: simhash([...title, ...summary].map((w) => w.folded)),
    neutral: unit(neutral),
    tokens: unit(tokens),
    speakers: speakers(story.title, title, mentions),
    headlinePersons: [
      ...new Set(
        mentions.filter((m) => m.field === 'title' && m.kind === 'person').map((m) => m.key.slice(2)),
      ),
    ].sort(),
    phase: announcing > 0 && reported === 0 ? 'announced' : 'reported',
    ordinals: [...ordinals].sort(),
    weekdays: [...weekdays].sort(),
    dates: [...dates].sort(),
  };
}

/**
 * The person actors a headline quotes: a name followed by a colon (within a few words:
 * `Zelensky in Paris:`), by a verb of speech (`Rubio says`, `Песков заявил`), or preceded by
 * one (`says Ushakov`). Organisations (the Kremlin) speak for many people, so they are not
 * speakers here.
 */
function speakers(text: string, title: Word[], mentions: EntityMention[]): string[] {
  const out = new Set<string>();
  for (const m of mentions) {
    if (m.field !== 'title' || m.kind !== 'person') continue;
    const after = text.slice(m.end);
    const next = title.find((w) => w.start >= m.end);
    const previous = [...title].reverse().find((w) => w.end <= m.start);
    const speech = (w?: Word) => !!w && conceptsOf(w.folded).some((c) => SPEECH.has(c));
    const colon = COLON_AFTER.exec(after);
    const between = colon ? m.end + colon[0].length : 0;
    if (
      colon &&
      !/[,;]/.test(colon[0]) &&
      !mentions.some((o) => o !== m && o.field === 'title' && o.start >= m.end && o.start < between)
    )
      out.add(m.key.slice(2));
    else if (speech(next) && text.slice(m.end, next!.start).trim() === '') out.add(m.key.slice(2));
    else if (speech(previous) && text.slice(previous!.end, m.start).trim() === '') out.add(m.key.slice(2));
  }
  return [...out].sort();
}

function unit(v: SparseVector): SparseVector {
  let norm = 0;
  for (const w of Object.values(v)) norm += w * w;
  norm = Math.sqrt(norm);
  const out: SparseVector = {};
  if (norm === 0) return out;
  for (const k of Object.keys(v).sort()) out[k] = round(v[k]! / norm);
  return out;
}

/** Four decimals: enough for a cosine, and stored vectors stay short. */
export function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
