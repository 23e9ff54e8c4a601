import { compileMatcher } from '../watchlists/compile-matcher';
import type { Actor, Watchlist } from '../watchlists/watchlist';
import { PLACES } from './places';

/** One actor or place named in a story. */
export interface EntityMention {
  /** `a:<actor id>` for an actor, `p:<place id>` for a place. */
  key: string;
  kind: 'person' | 'org' | 'place';
  field: 'title' | 'summary';
  /** UTF-16 offsets into the field. */
  start: number;
  end: number;
}

/** Finds the actors and places a story names, whatever the script or inflection. */
export interface EntityExtractor {
  mentions(title: string, summary: string): EntityMention[];
}

/**
 * Builds an extractor from the watchlists' actor registry (every spelling and script of an
 * actor maps to its id) plus the built-in places, compiled into the watchlist matcher's own
 * automaton, so clustering reads names exactly as matching does. An actor id used by two
 * watchlists is one entity (the first definition's aliases win).
 */
export function entityExtractor(watchlists: readonly Pick<Watchlist, 'actors'>[]): EntityExtractor {
  const actors = new Map<string, Actor>();
  for (const w of watchlists) for (const a of w.actors ?? []) if (!actors.has(a.id)) actors.set(a.id, a);
  const kinds = new Map<string, EntityMention['kind']>();
  const entries: Actor[] = [];
  for (const a of actors.values()) {
    const kind = a.kind === 'place' ? 'place' : a.kind === 'org' ? 'org' : 'person';
    kinds.set(`${kind === 'place' ? 'p' : 'a'}:${a.id}`, kind);
    entries.push({ ...a, id: `${kind === 'place' ? 'p' : 'a'}--${a.id}` });
  }
  for (const p of PLACES) {
    if (kinds.has(`p:${p.id}`)) continue;
    kinds.set(`p:${p.id}`, 'place');
    entries.push({ ...p, id: `p--${p.id}` });
  }
  const matcher = compileMatcher([
    { id: 'entities', name: 'entities', actors: entries, rule: '@*' } as unknown as Watchlist,
  ]);
  return {
    mentions(title, summary) {
      const hit = matcher.match({ title, summary })[0];
      if (!hit) return [];
      return (hit.hits ?? []).map((h) => {
        const key = h.actor!.replace('--', ':');
        return { key, kind: kinds.get(key)!, field: h.field, start: h.start, end: h.end };
      });
    },
  };
}
