import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorLine, when } from '../ui';
import type { WatchlistRow } from '../types';

/** Watchlists: what runs, with version and who changed it last. */
export function WatchlistsPage() {
  const [rows, setRows] = useState<WatchlistRow[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<WatchlistRow[]>('/api/watchlists').then(setRows, (err: Error) => setError(err.message));
  }, []);
  return html`<section>
    <h1>Watchlists</h1>
    <${ErrorLine} error=${error} />
    <table>
      <thead>
        <tr>
          <th>Id</th>
          <th>Name</th>
          <th>Version</th>
          <th>Enabled</th>
          <th>Updated</th>
          <th>By</th>
        </tr>
      </thead>
      <tbody>
        ${(rows ?? []).map(
          (w) =>
            html`<tr>
              <td><a href=${`#/watchlists/${w.id}`}>${w.id}</a></td>
              <td>${w.name}</td>
              <td>v${w.version}</td>
              <td>${w.enabled ? 'yes' : 'no'}</td>
              <td>${when(w.updatedAt)} (${w.action})</td>
              <td>${w.updatedBy}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
