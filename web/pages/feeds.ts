import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorLine, when } from '../ui';
import type { FeedRow, Me } from '../types';

/** Feeds: how each one's polling goes; add, disable, check now. */
export function FeedsPage({ me }: { me?: Me }) {
  const [rows, setRows] = useState<FeedRow[]>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [form, setForm] = useState({ id: '', url: '', name: '', lang: '' });
  const load = () => api<FeedRow[]>('/api/feeds').then(setRows, (err: Error) => setError(err.message));
  useEffect(() => void load(), []);
  const act = async (what: () => Promise<string>) => {
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await what());
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const add = (e: Event) => {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v));
    void act(async () => {
      const out = await api<{ id: string; version: number | null }>('/api/feeds', { method: 'POST', body });
      return out.version
        ? `feed ${out.id} added as version ${out.version}; polled from the next cycle`
        : `feed ${out.id}: already there`;
    });
  };
  const set = (key: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  return html`<section>
    <h1>Feeds</h1>
    <${ErrorLine} error=${error} />
    ${message && html`<p class="message" role="status">${message}</p>`}
    <table class="feeds">
      <thead>
        <tr>
          <th>Id</th>
          <th>Status</th>
          <th>Interval</th>
          <th>Last success</th>
          <th>Errors</th>
          <th>Next check</th>
          <th>Stories</th>
          <th>Last error</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${(rows ?? []).map(
          (f) =>
            html`<tr data-feed=${f.id}>
              <td title=${f.url}><a href=${f.url}>${f.id}</a>${f.lang ? ` (${f.lang})` : ''}</td>
              <td class=${`status-${f.status.replace(' ', '-')}`}>${f.status}</td>
              <td>${f.intervalMinutes === null ? 'each cycle' : `${f.intervalMinutes} min`}</td>
              <td>${when(f.lastSuccessAt)}</td>
              <td>${f.errorCount > 0 ? `${f.errorCount} (backing off)` : '0'}</td>
              <td>${f.nextCheckAt ? when(f.nextCheckAt) : 'next cycle'}</td>
              <td>${f.storiesSeen}</td>
              <td class="last-error">${f.lastError ?? ''}</td>
              <td>
                ${
                  me?.canEdit &&
                  html`<button
                      type="button"
                      onClick=${() =>
                        void act(async () => {
                          const r = await api<{ ok: boolean; stories: number; error?: string }>(
                            `/api/feeds/${f.id}/check`,
                            { method: 'POST' },
                          );
                          return r.ok
                            ? `${f.id}: ${r.stories} stories in the feed now; polled in the next cycle`
                            : `${f.id}: ${r.error}`;
                        })}
                    >
                      Check now
                    </button>
                    <button
                      type="button"
                      onClick=${() =>
                        void act(async () => {
                          await api(`/api/feeds/${f.id}/disable`, { method: 'POST' });
                          return `${f.id}: no longer polled (its stories stay; add it again to resume)`;
                        })}
                    >
                      Disable
                    </button>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      me?.canEdit &&
      html`<form class="add-feed" onSubmit=${add}>
        <h2>Add a feed</h2>
        <input name="id" placeholder="id" value=${form.id} onInput=${set('id')} required />
        <input
          name="url"
          placeholder="https://…"
          size="40"
          value=${form.url}
          onInput=${set('url')}
          required
        />
        <input name="name" placeholder="name (optional)" value=${form.name} onInput=${set('name')} />
        <input name="lang" placeholder="lang" size="4" value=${form.lang} onInput=${set('lang')} />
        <button type="submit">Add</button>
      </form>`
    }
  </section>`;
}
