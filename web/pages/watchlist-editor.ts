import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { apiBase } from '../auth';
import { ErrorLine, Priority, Snippet, when } from '../ui';
import type { HistoryVersion, Me, Preview, PreviewStory, Problem } from '../types';

const TYPING_PAUSE_MS = 400;

function StoryList({
  title,
  stories,
  total,
  kind,
}: {
  title: string;
  stories: PreviewStory[];
  total: number;
  kind: string;
}) {
  return html`<div class=${`preview-list ${kind}`}>
    <h3>
      ${title}
      <small class="count">${total > stories.length ? `${stories.length} newest of ${total}` : total}</small>
    </h3>
    ${stories.length === 0 && html`<p class="empty">none</p>`}
    <ul>
      ${stories.map(
        (s) =>
          html`<li data-story=${s.storyId}>
            <${Priority} value=${s.priority} />
            <a href=${s.link || undefined} target="_blank" rel="noreferrer">${s.title}</a>
            <span class="meta"> ${s.feedId} · ${when(s.fetchedAt)}</span>
            <${Snippet} parts=${s.snippet} />
            <p class="why">
              actors: ${s.actors.join(', ') || 'none'}; terms: ${s.terms.join(', ') || 'none'}
            </p>
          </li>`,
      )}
    </ul>
  </div>`;
}

function History({
  versions,
  canEdit,
  onRollback,
}: {
  versions: HistoryVersion[];
  canEdit: boolean;
  onRollback: (v: number) => void;
}) {
  return html`<section class="history">
    <h2>History</h2>
    ${versions.map(
      (v, i) =>
        html`<details class="version" data-version=${v.version}>
          <summary>
            <b>v${v.version}</b> ${when(v.when)} by ${v.who} — ${v.action}: ${v.changes.join('; ')}
            ${canEdit && i > 0 && html` <button type="button" onClick=${() => onRollback(v.version)}>Roll back to v${v.version}</button>`}
          </summary>
          <pre class="diff">
${v.diff
              .filter((d) => d.op !== ' ')
              .map((d) => html`<span class=${d.op === '+' ? 'add' : 'del'}>${d.op} ${d.text}</span>`)}</pre>
        </details>`,
    )}
  </section>`;
}

/** One watchlist: edit its YAML with validation as you type, preview the edit over stored stories, apply, roll back. */
export function WatchlistEditor({ id, me }: { id: string; me?: Me }) {
  const [source, setSource] = useState('');
  const [version, setVersion] = useState<number>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [since, setSince] = useState('7d');
  const [preview, setPreview] = useState<Preview>();
  const [previewing, setPreviewing] = useState(false);
  const [versions, setVersions] = useState<HistoryVersion[]>([]);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [feedUrl, setFeedUrl] = useState<string>();
  const gutter = useRef<HTMLPreElement>(null);
  const pending = useRef<number>();
  const canEdit = me?.canEdit === true;

  const loadWatchlist = async () => {
    const w = await api<{ version: number; source: string }>(`/api/watchlists/${id}`);
    setSource(w.source);
    setVersion(w.version);
    setVersions(await api<HistoryVersion[]>(`/api/watchlists/${id}/history`));
    return w.source;
  };
  const runPreview = async (text: string, period: string) => {
    setPreviewing(true);
    try {
      setPreview(
        await api<Preview>('/api/watchlists/preview', {
          method: 'POST',
          body: { source: text, since: period, id },
        }),
      );
    } catch (err) {
      if (!(err instanceof ApiError && err.problems.length)) setError((err as Error).message);
    } finally {
      setPreviewing(false);
    }
  };
  const check = async (text: string, period: string) => {
    const out = await api<{ valid: boolean; problems: Problem[] }>('/api/watchlists/validate', {
      method: 'POST',
      body: { source: text, id },
    });
    setProblems(out.problems);
    if (out.valid) await runPreview(text, period);
  };
  useEffect(() => {
    loadWatchlist().then(
      (text) => check(text, since),
      (err: Error) => setError(err.message),
    );
  }, [id]);

  const onInput = (e: Event) => {
    const text = (e.target as HTMLTextAreaElement).value;
    setSource(text);
    setMessage(undefined);
    clearTimeout(pending.current);
    pending.current = window.setTimeout(
      () => void check(text, since).catch((err: Error) => setError(err.message)),
      TYPING_PAUSE_MS,
    );
  };
  const apply = async () => {
    setError(undefined);
    try {
      const out = await api<{ status: string; version: number; changes: string[] }>('/api/watchlists/apply', {
        method: 'POST',
        body: { source, baseVersion: version, id },
      });
      setMessage(
        out.status === 'unchanged'
          ? `unchanged: v${out.version} runs`
          : `applied as version ${out.version}: ${out.changes.join('; ')}`,
      );
      // What runs changed: the preview compares with it now.
      await check(await loadWatchlist(), since);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const rollback = async (to: number) => {
    setError(undefined);
    try {
      const out = await api<{ version: number | null }>(`/api/watchlists/${id}/rollback`, {
        method: 'POST',
        body: { to },
      });
      setMessage(
        out.version ? `rolled back to v${to} as version ${out.version}` : `already the same as v${to}`,
      );
      const text = await loadWatchlist();
      await check(text, since);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const showFeedUrl = async (rotate: boolean) => {
    try {
      const out = await api<{ path: string }>(`/api/watchlists/${id}/feed-url${rotate ? '/rotate' : ''}`, {
        method: rotate ? 'POST' : 'GET',
      });
      setFeedUrl(`${apiBase() || location.origin}${out.path}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const lines = source.split('\n').length;
  const bad = new Set(problems.map((p) => p.line));
  const valid = problems.length === 0;
  return html`<section class="editor-page">
    <h1>Watchlist ${id} <small>v${version ?? '?'} runs</small></h1>
    <${ErrorLine} error=${error} />
    ${message && html`<p class="message" role="status">${message}</p>`}
    <div class="editor">
      <pre class="gutter" ref=${gutter} aria-hidden="true">
${Array.from(
          { length: lines },
          (_, i) => html`<span class=${bad.has(i + 1) ? 'bad' : ''} data-line=${i + 1}>${i + 1}</span>`,
        )}</pre>
      <textarea
        name="source"
        spellcheck=${false}
        value=${source}
        onInput=${onInput}
        onScroll=${(e: Event) => gutter.current && (gutter.current.scrollTop = (e.target as HTMLTextAreaElement).scrollTop)}
        readonly=${!canEdit}
      ></textarea>
    </div>
    <ul class="problems" aria-live="polite">
      ${valid ? html`<li class="ok">valid</li>` : problems.map((p) => html`<li class="problem" data-line=${p.line}>${p.text}</li>`)}
    </ul>
    <div class="actions">
      <label
        >Preview over stories of the last
        <select
          name="since"
          value=${since}
          onChange=${(e: Event) => {
            const period = (e.target as HTMLSelectElement).value;
            setSince(period);
            if (valid) void runPreview(source, period);
          }}
        >
          <option value="24h">24 hours</option>
          <option value="7d">7 days</option>
          <option value="30d">30 days</option>
        </select></label
      >
      ${canEdit && html`<button type="button" class="apply" disabled=${!valid} onClick=${apply}>Apply</button>`}
      <button type="button" onClick=${() => void showFeedUrl(false)}>Atom feed URL</button>
      ${canEdit && html`<button type="button" onClick=${() => void showFeedUrl(true)}>Rotate feed token</button>`}
    </div>
    ${feedUrl && html`<p class="feed-url"><code>${feedUrl}</code></p>`}
    <section class="preview" aria-busy=${previewing}>
      <h2>Backtest preview ${previewing && html`<small>running…</small>`}</h2>
      ${
        preview &&
        html`<p class="summary">
            ${`${preview.stories} stories since ${when(preview.since)} against ${preview.runningVersion ? `running v${preview.runningVersion}` : 'nothing (new watchlist)'}: `}
            <b class="added-count">${preview.addedTotal}</b>${' added, '}<b class="dropped-count"
              >${preview.dropped.length}</b
            >
            ${` dropped, ${preview.still} still matching (${preview.tookMs} ms)`}
          </p>
          <div class="preview-lists">
            <${StoryList}
              title="Would add"
              stories=${preview.added}
              total=${preview.addedTotal}
              kind="added"
            />
            <${StoryList}
              title="Would drop"
              stories=${preview.dropped}
              total=${preview.droppedTotal}
              kind="dropped"
            />
          </div>`
      }
    </section>
    <${History} versions=${versions} canEdit=${canEdit} onRollback=${(v: number) => void rollback(v)} />
  </section>`;
}
