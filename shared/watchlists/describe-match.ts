import type { CompiledPriority, CompiledWatchlist, Field } from './compile-watchlists';
import type { RuleEvaluator, Witness } from './evaluate-rule';
import { buildSnippet, type SnippetOptions } from './snippet';
import type { Priority, TermHit, WatchlistHit } from './story-match';

/** Points of the score, by reason (shown by explain). */
export interface ScorePart {
  what: string;
  points: number;
}

/** A matched watchlist's full description: the hit plus the score's parts. */
export interface MatchDescription {
  hit: Required<WatchlistHit>;
  scoreParts: ScorePart[];
  priorityRules: { name: string; holds: boolean }[];
}

const FIELDS = ['title', 'summary'] as const;

/**
 * Describes why a story matched a watchlist: actors named, terms that made the rule true with
 * their offsets, priority, score and snippet.
 */
export function describeMatch(
  cw: CompiledWatchlist,
  ev: RuleEvaluator,
  texts: [string, string],
  snippet?: SnippetOptions,
): MatchDescription {
  const witnesses = uniqueWitnesses(ev.witnesses(cw.rule.root));
  // Actors: every actor named anywhere (subscribers filter on them), in the watchlist's order.
  const actorAtoms = cw.actorAtoms.filter((a) => ev.occurrencesOf(a).length > 0);
  const actorWitnesses = actorAtoms.flatMap((atom) =>
    ev
      .occurrencesOf(atom)
      .map((o): Witness => ({ field: o.field, start: o.start, end: o.end, label: o.label, atom })),
  );
  const termWitnesses = witnesses.filter((w) => cw.atoms[w.atom]!.kind === 'term');
  const termAtoms = [...new Set(termWitnesses.map((w) => w.atom))].sort((a, b) => a - b);

  const scoreParts: ScorePart[] = [];
  for (const atom of actorAtoms) {
    const inTitle = ev.occurrencesOf(atom, 0).length > 0;
    scoreParts.push({
      what: `@${cw.atoms[atom]!.name}${inTitle ? ' (title)' : ''}`,
      points: inTitle ? 5 : 3,
    });
  }
  for (const atom of termAtoms) {
    const inTitle = termWitnesses.some((w) => w.atom === atom && w.field === 0);
    scoreParts.push({ what: `${cw.atoms[atom]!.name}${inTitle ? ' (title)' : ''}`, points: inTitle ? 2 : 1 });
  }

  const priorityRules = cw.priority.map((p) => ({ name: p.name, holds: priorityHolds(p, ev) }));
  const reasons = priorityRules.filter((p) => p.holds).map((p) => p.name);
  const all = uniqueWitnesses([...actorWitnesses, ...termWitnesses]);
  const hits: TermHit[] = all.map((w) => {
    const atom = cw.atoms[w.atom]!;
    return {
      term: w.label,
      ...(atom.kind === 'actor' ? { actor: atom.name } : {}),
      field: FIELDS[w.field],
      start: w.start,
      end: w.end,
      text: texts[w.field].slice(w.start, w.end),
    };
  });
  const priority: Priority = reasons.length > 0 ? 'high' : 'normal';
  return {
    hit: {
      watchlistId: cw.watchlist.id,
      watchlistName: cw.watchlist.name,
      actors: actorAtoms.map((a) => cw.atoms[a]!.name),
      terms: termAtoms.map((a) => cw.atoms[a]!.name),
      priority,
      priorityReasons: reasons,
      score: scoreParts.reduce((sum, p) => sum + p.points, 0),
      snippet: buildSnippet(texts, all, snippet),
      hits,
    },
    scoreParts,
    priorityRules,
  };
}

/** Whether one priority rule holds: every condition it gives. */
export function priorityHolds(p: CompiledPriority, ev: RuleEvaluator): boolean {
  if (p.rule && !ev.test(p.rule.root)) return false;
  if (p.minActors !== undefined) {
    const scope: Field | undefined = p.in === 'title' ? 0 : p.in === 'summary' ? 1 : undefined;
    const named = p.countedActors.filter((a) => ev.occurrencesOf(a, scope).length > 0).length;
    if (named < p.minActors) return false;
  }
  return true;
}

/** Text order, one entry per atom and place. */
function uniqueWitnesses(witnesses: Witness[]): Witness[] {
  const sorted = [...witnesses].sort(
    (a, b) => a.field - b.field || a.start - b.start || b.end - a.end || a.atom - b.atom,
  );
  return sorted.filter((w, i) => {
    const p = sorted[i - 1];
    return !p || p.atom !== w.atom || p.field !== w.field || p.start !== w.start || p.end !== w.end;
  });
}
