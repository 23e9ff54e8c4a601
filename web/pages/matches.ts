import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api';
import { ErrorLine, Priority, RuleParts, Snippet, when } from '../ui';
import type { MatchGroup, WatchlistRow } from '../types';

const REFRESH_MS = 60_000;

function Card({ g }: { g: MatchGroup }) {
  const others = g.sources.slice(1);
  return html`<article class="match" data-cluster=${g.clusterId}>
    <header>
      <${Priority} value=${g.priority} />
      <a class="headline" href=${g.link || undefined} target="_blank" rel="noreferrer"
        >${g.headline || '(no title)'}</a
      >
    </header>
    <p class="meta">
      <span class="source">${g.source}</span>${g.lang ? html` · <span class="lang">${g.lang}</span>` : ''}
      ${` · published ${when(g.publishedAt)} · matched `}<time datetime=${g.matchedAt}
        >${when(g.matchedAt)}</time
      >
      ${g.priorityReasons.length ? html` · high because: ${g.priorityReasons.join(', ')}` : ''}
    </p>
    <${Snippet} parts=${g.snippet} />
    <details>
      <summary>Why it matched</summary>
      <p>
        Actors: <b class="actors">${g.actors.join(', ') || 'none'}</b>${' · Terms: '}<b class="terms"
          >${g.terms.join(', ') || 'none'}</b
        >
      </p>
      <${RuleParts} parts=${g.ruleParts} />
    </details>
    ${
      others.length > 0 &&
      html`<p class="sources">
        Also reported by:
        ${others.map(
          (s, i) =>
            html`${i > 0 ? ', ' : ''}<a href=${s.link || undefined}>${s.feedId}</a
              >${s.lang ? ` (${s.lang})` : ''}`,
        )}
      </p>`
    }
  </article>`;
}

/** Matches: developments of the last hours per watchlist, newest first, with why they matched. */
export function MatchesPage() {
  const [watchlists, setWatchlists] = useState<WatchlistRow[]>([]);
  const [filter, setFilter] = useState({ watchlist: '', actor: '', priority: '', lang: '', since: '24h' });
  const [matches, setMatches] = useState<MatchGroup[] | undefined>();
  const [updated, setUpdated] = useState<Date | undefined>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);

  const load = async () => {
    setLoading(true);
    try {
      const out = await api<{ matches: MatchGroup[] }>(`/api/matches${query(filter)}`);
      setMatches(out.matches);
      setUpdated(new Date());
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    api<WatchlistRow[]>('/api/watchlists').then(setWatchlists, (err: Error) => setError(err.message));
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [filter]);

  const actors = [...new Map(watchlists.flatMap((w) => w.actors).map((a) => [a.id, a])).values()];
  const set = (key: keyof typeof filter) => (e: Event) =>
    setFilter({ ...filter, [key]: (e.target as HTMLInputElement).value });
  const byWatchlist = new Map<string, MatchGroup[]>();
  for (const m of matches ?? [])
    byWatchlist.set(m.watchlistId, [...(byWatchlist.get(m.watchlistId) ?? []), m]);

  return html`<section>
    <h1>Matches</h1>
    <form class="filters" onSubmit=${(e: Event) => e.preventDefault()}>
      <label
        >Watchlist
        <select name="watchlist" value=${filter.watchlist} onChange=${set('watchlist')}>
          <option value="">all</option>
          ${watchlists.map((w) => html`<option value=${w.id}>${w.name}</option>`)}
        </select></label
      >
      <label
        >Actor
        <select name="actor" value=${filter.actor} onChange=${set('actor')}>
          <option value="">any</option>
          ${actors.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
        </select></label
      >
      <label
        >Priority
        <select name="priority" value=${filter.priority} onChange=${set('priority')}>
          <option value="">any</option>
          <option value="high">high</option>
          <option value="normal">normal</option>
        </select></label
      >
      <label
        >Language <input name="lang" size="4" placeholder="any" value=${filter.lang} onChange=${set('lang')}
      /></label>
      <label
        >Since
        <select name="since" value=${filter.since} onChange=${set('since')}>
          <option value="6h">6 hours</option>
          <option value="24h">24 hours</option>
          <option value="7d">7 days</option>
          <option value="30d">30 days</option>
        </select></label
      >
      <button type="button" onClick=${() => void load()} disabled=${loading}>Refresh</button>
      <span class="updated"
        >${loading ? 'loading…' : updated ? `updated ${updated.toLocaleTimeString()}` : ''}</span
      >
    </form>
    <${ErrorLine} error=${error} />
    ${matches && matches.length === 0 && html`<p class="empty">No matches in this period.</p>`}
    ${[...byWatchlist].map(
      ([id, groups]) =>
        html`<section class="watchlist-matches" data-watchlist=${id}>
          <h2>${groups[0]!.watchlistName} <small>${groups.length}</small></h2>
          ${groups.map((g) => html`<${Card} key=${g.clusterId} g=${g} />`)}
        </section>`,
    )}
  </section>`;
}
