import { html, render } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { initAuth } from './auth';
import { FeedsPage } from './pages/feeds';
import { MatchesPage } from './pages/matches';
import { SubscribersPage } from './pages/subscribers';
import { WatchlistEditor } from './pages/watchlist-editor';
import { WatchlistsPage } from './pages/watchlists';
import type { Me } from './types';

const PAGES = [
  ['#/matches', 'Matches'],
  ['#/watchlists', 'Watchlists'],
  ['#/feeds', 'Feeds'],
  ['#/subscribers', 'Subscribers'],
] as const;

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/matches');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/matches');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function App() {
  const hash = useHash();
  const [me, setMe] = useState<Me>();
  useEffect(() => {
    api<Me>('/api/me').then(setMe, () => undefined);
  }, []);
  const editing = /^#\/watchlists\/([^/]+)$/.exec(hash);
  const page = editing
    ? html`<${WatchlistEditor} id=${decodeURIComponent(editing[1]!)} me=${me} />`
    : hash.startsWith('#/watchlists')
      ? html`<${WatchlistsPage} />`
      : hash.startsWith('#/feeds')
        ? html`<${FeedsPage} me=${me} />`
        : hash.startsWith('#/subscribers')
          ? html`<${SubscribersPage} />`
          : html`<${MatchesPage} />`;
  return html`<nav>
      <b class="brand">newsalert</b>
      ${PAGES.map(([href, label]) => html`<a href=${href} class=${hash.startsWith(href) ? 'active' : ''}>${label}</a>`)}
      <span class="me">${me ? `${me.name} (${me.canEdit ? 'editor' : 'viewer'})` : ''}</span>
    </nav>
    <main>${page}</main>`;
}

void initAuth().then(() => render(html`<${App} />`, document.getElementById('app')!));
