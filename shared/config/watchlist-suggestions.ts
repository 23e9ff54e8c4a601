import { backtestWatchlists, type BacktestHit } from '../pipeline/backtest-watchlists';
import type { Story } from '../stories/story';
import { KEYWORDS_GROUP } from '../watchlists/check-watchlist';
import { compileMatcher } from '../watchlists/compile-matcher';
import type { ExplainNode } from '../watchlists/explain';
import { foldText } from '../watchlists/text-fold';
import type { Watchlist } from '../watchlists/watchlist';

/** A story as evidence: enough for ops to find and read it. */
export interface Evidence {
  storyId: string;
  feedId: string;
  title: string;
  fetchedAt: string;
  /** For a near miss: the part of the rule that did not hold. */
  failed?: string;
}

/** What adding a proposal would change over the same stories (see backtestWatchlists). */
export interface ProposalEffect {
  newlyMatching: number;
  stopMatching: number;
  /** Titles of the first stories that would newly match. */
  examples: string[];
}

/** A name that keeps appearing in the watchlist's matches but is none of its actors. */
export interface NameProposal {
  /** The name as found (the most frequent form). */
  name: string;
  /** The alias to add: the form, or a prefix for inflected forms (`Костюков*`). */
  alias: string;
  /** Its forms as found. */
  forms: string[];
  /** The actor it appears with most: the backtest puts it wherever the rule names that one. */
  like?: string;
  matches: Evidence[];
  effect: ProposalEffect;
}

/** A word that recurs in near misses: stories that named an actor but failed the rule. */
export interface TermProposal {
  term: string;
  /** The theme (or `keywords`) the failed part of those stories needed; the backtest adds the term there. */
  theme?: string;
  nearMisses: Evidence[];
  effect: ProposalEffect;
}

/** Proposals for one watchlist, for ops to review; nothing is changed. */
export interface Suggestions {
  watchlistId: string;
  stories: number;
  matched: number;
  nearMisses: number;
  names: NameProposal[];
  terms: TermProposal[];
}

/** Options of {@link suggestTerms}. */
export interface SuggestOptions {
  /** A name or term needs this many distinct stories of evidence. @default 2 */
  minStories?: number;
  /** At most this many proposals of each kind. @default 10 */
  limit?: number;
}

const WORD = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'’-]*[\p{L}\p{M}\p{N}]|[\p{L}]/gu;
const CAPITAL = /^\p{Lu}/u;
const MIN_PREFIX = 4;
// Shorter words are mostly grammar (with, from, что, oraz).
const MIN_TERM_LETTERS = 5;
// A term must be this many times commoner in near misses than in all stories.
const MIN_LIFT = 3;
const EXAMPLES = 3;

interface Token {
  word: string;
  field: 0 | 1;
  start: number;
  end: number;
  /** First word of the field or of a sentence: a capital says nothing there. */
  initial: boolean;
}

function tokens(texts: [string, string]): Token[] {
  const out: Token[] = [];
  texts.forEach((text, field) => {
    for (const m of text.matchAll(WORD)) {
      const before = text.slice(0, m.index).trimEnd();
      out.push({
        word: m[0],
        field: field as 0 | 1,
        start: m.index,
        end: m.index + m[0].length,
        initial: before === '' || /[.!?:«»"“„]$/u.test(before),
      });
    }
  });
  return out;
}

/** Every [field, start, end] some alias or term of the rule found, from an explanation tree. */
function covered(node: ExplainNode, out: [number, number, number][] = []): [number, number, number][] {
  for (const f of node.found ?? []) out.push([f.field === 'title' ? 0 : 1, f.start, f.end]);
  for (const c of node.children) covered(c, out);
  return out;
}

const inside = (spans: [number, number, number][], t: Token) =>
  spans.some(([f, s, e]) => f === t.field && t.start < e && t.end > s);

/**
 * The part of a rule that failed, read from its explanation: for AND the first child that
 * does not hold, for OR the branch that came closest (most of its parts holding).
 */
export function failedPart(node: ExplainNode): ExplainNode | undefined {
  if (node.holds) return undefined;
  if (node.op === 'AND') {
    const failing = node.children.find((c) => !c.holds);
    // A NOT that fails is a distractor that fired: that is the part to show.
    return failing && failing.op !== 'NOT' ? (failedPart(failing) ?? failing) : failing;
  }
  if (node.op === 'OR') {
    const score = (c: ExplainNode) =>
      c.op === 'AND' ? c.children.filter((k) => k.holds).length / c.children.length : 0;
    const closest = [...node.children].sort((a, b) => score(b) - score(a))[0];
    return closest ? (failedPart(closest) ?? closest) : node;
  }
  return node;
}

const themeOf = (rule: string) => /#([\w-]+)/.exec(rule)?.[1];

/** Longest common prefix of the forms, as an alias: one form as it is, several as a prefix. */
function aliasFor(forms: string[]): string {
  if (forms.length === 1) return forms[0]!;
  let p = forms[0]!;
  for (const f of forms) while (!f.startsWith(p)) p = p.slice(0, -1);
  return [...p].length >= MIN_PREFIX ? `${p}*` : forms[0]!;
}

/** Groups words whose folded forms share a prefix of {@link MIN_PREFIX}+ letters with the shortest one. */
function groupForms<T>(counts: Map<string, T[]>): { forms: string[]; items: T[] }[] {
  const words = [...counts.keys()].sort((a, b) => a.length - b.length);
  const groups: { stem: string; forms: string[]; items: T[] }[] = [];
  for (const w of words) {
    const key = foldText(w, true);
    const g = groups.find(
      (x) => key.startsWith(x.stem) && key.length - x.stem.length <= 3 && [...x.stem].length >= MIN_PREFIX,
    );
    if (g) {
      g.forms.push(w);
      g.items.push(...counts.get(w)!);
    } else groups.push({ stem: key, forms: [w], items: [...counts.get(w)!] });
  }
  return groups;
}

const evidence = (story: Story, failed?: string): Evidence => ({
  storyId: story.id,
  feedId: story.feedId,
  title: story.title,
  fetchedAt: story.fetchedAt,
  ...(failed !== undefined ? { failed } : {}),
});

const distinctStories = <T extends { story: Story }>(items: T[]): T[] => [
  ...new Map(items.map((i) => [i.story.id, i])).values(),
];

/**
 * The backtest of an edit that adds `stem` (folded, without accents): only stories whose text
 * holds it can change, so only those are run.
 */
function effectOf(
  edited: Watchlist,
  running: Watchlist,
  stories: Story[],
  folded: Map<string, string>,
  stem: string,
): ProposalEffect {
  const candidates = stories.filter((s) => folded.get(s.id)!.includes(stem));
  const [result] = backtestWatchlists([edited], new Map([[running.id, running]]), candidates);
  const newly: BacktestHit[] = result?.newlyMatching ?? [];
  return {
    newlyMatching: newly.length,
    stopMatching: result?.stopMatching.length ?? 0,
    examples: newly.slice(0, EXAMPLES).map((h) => h.story.title),
  };
}

const stemOf = (alias: string) => foldText(alias.replace(/\*$/, ''), true);

/**
 * Proposes, from stored stories, what a watchlist may be missing, for ops to review: names
 * that keep appearing in its matches but are none of its actors, and words that recur in its
 * near misses (stories that named one of its actors but failed the rule), each with its
 * evidence and the backtest effect of adding it. It never changes the watchlist.
 */
export function suggestTerms(
  watchlist: Watchlist,
  stories: Story[],
  options: SuggestOptions = {},
): Suggestions {
  const minStories = options.minStories ?? 2;
  const limit = options.limit ?? 10;
  const subject = { ...watchlist, enabled: true };
  const matcher = compileMatcher([subject], { includeDisabled: true });
  const actorsOnly = compileMatcher([{ ...subject, rule: '@*', priority: [] }]);

  const names = new Map<string, { story: Story; actors: string[] }[]>();
  const nearWords = new Map<string, { story: Story; failed: string }[]>();
  const storiesWith = new Map<string, Set<string>>();
  const background = new Map<string, number>();
  const folded = new Map<string, string>();
  let matched = 0;
  let nearMisses = 0;
  let unrelated = 0;
  for (const story of stories) {
    const texts: [string, string] = [story.title, story.summary];
    folded.set(story.id, foldText(`${story.title}\n${story.summary}`, true));
    const [explanation] = matcher.explain(story);
    if (!explanation) continue;
    const spans = covered(explanation.tree);
    const toks = tokens(texts);
    for (const t of new Set(toks.map((t) => t.word.toLowerCase())))
      (storiesWith.get(t) ?? storiesWith.set(t, new Set()).get(t)!).add(story.id);
    if (explanation.matched) {
      matched++;
      const actors = explanation.match?.hit.actors ?? [];
      for (const t of toks) {
        if (t.initial || !CAPITAL.test(t.word) || [...t.word].length < 3 || inside(spans, t)) continue;
        (names.get(t.word) ?? names.set(t.word, []).get(t.word)!).push({ story, actors });
      }
      continue;
    }
    const named = actorsOnly.match(story)[0];
    if (!named) {
      unrelated++;
      for (const w of new Set(toks.map((t) => t.word.toLowerCase())))
        background.set(w, (background.get(w) ?? 0) + 1);
      continue;
    }
    nearMisses++;
    const failed = failedPart(explanation.tree)?.rule ?? explanation.rule;
    for (const t of toks) {
      if ([...t.word].length < MIN_TERM_LETTERS || inside(spans, t)) continue;
      const w = t.word.toLowerCase();
      (nearWords.get(w) ?? nearWords.set(w, []).get(w)!).push({ story, failed });
    }
  }
  // A word also written in lower case is no name ("Talks" in a title-case headline).
  for (const name of [...names.keys()])
    if ((storiesWith.get(name.toLowerCase())?.size ?? 0) > distinctStories(names.get(name)!).length)
      names.delete(name);

  const nameProposals = groupForms(names)
    .map((g) => ({ ...g, items: distinctStories(g.items) }))
    .filter((g) => g.items.length >= minStories)
    .sort((a, b) => b.items.length - a.items.length)
    .slice(0, limit)
    .map((g, n): NameProposal => {
      const together = new Map<string, number>();
      for (const i of g.items) for (const a of i.actors) together.set(a, (together.get(a) ?? 0) + 1);
      const like = [...together].sort((a, b) => b[1] - a[1])[0]?.[0];
      const alias = aliasFor(g.forms);
      // Actor ids are ASCII; the id only lives in the backtest.
      const id = `suggested-${n + 1}`;
      const edited: Watchlist = {
        ...subject,
        actors: [...subject.actors, { id, name: g.forms[0]!, aliases: [alias] }],
        ...(like && subject.rule
          ? { rule: subject.rule.replace(new RegExp(`@${like}(?![\\w-])`, 'g'), `(@${like} OR @${id})`) }
          : {}),
      };
      return {
        name: g.forms[0]!,
        alias,
        forms: g.forms,
        ...(like ? { like } : {}),
        matches: g.items.map((i) => evidence(i.story)),
        effect: effectOf(edited, subject, stories, folded, stemOf(alias)),
      };
    });

  const termProposals = groupForms(nearWords)
    .map((g) => ({ ...g, items: distinctStories(g.items) }))
    .filter((g) => {
      if (g.items.length < minStories) return false;
      // Commoner in near misses than in stories that name no actor (smoothed): not a word of every story.
      const elsewhere = g.forms.reduce((n, f) => n + (background.get(f) ?? 0), 0);
      return g.items.length / nearMisses >= (MIN_LIFT * (elsewhere + 1)) / (unrelated + 1);
    })
    .sort((a, b) => b.items.length - a.items.length)
    .slice(0, limit)
    .map((g): TermProposal => {
      const themes = new Map<string, number>();
      for (const i of g.items) {
        const theme = themeOf(i.failed);
        if (theme && (subject.themes?.[theme] || (theme === KEYWORDS_GROUP && subject.keywords)))
          themes.set(theme, (themes.get(theme) ?? 0) + 1);
      }
      const theme = [...themes].sort((a, b) => b[1] - a[1])[0]?.[0];
      const term = aliasFor(g.forms);
      const edited: Watchlist =
        theme === KEYWORDS_GROUP && !subject.themes?.[theme]
          ? { ...subject, keywords: [...(subject.keywords ?? []), term] }
          : theme
            ? { ...subject, themes: { ...subject.themes, [theme]: [...subject.themes![theme]!, term] } }
            : subject;
      return {
        term,
        ...(theme ? { theme } : {}),
        nearMisses: g.items.map((i) => evidence(i.story, i.failed)),
        effect: theme
          ? effectOf(edited, subject, stories, folded, stemOf(term))
          : { newlyMatching: 0, stopMatching: 0, examples: [] },
      };
    });

  return {
    watchlistId: watchlist.id,
    stories: stories.length,
    matched,
    nearMisses,
    names: nameProposals,
    terms: termProposals,
  };
}
