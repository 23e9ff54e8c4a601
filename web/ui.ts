import { html } from 'htm/preact';
import type { RulePart, SnippetPart } from './types';

/** A time as "2025-12-01 08:15" in the browser's zone. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A snippet with its hits in <mark>. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return html`<p class="snippet">${parts.map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}</p>`;
}

const LABEL_MAX = 160;

/** The rule's parts, each with whether it held. */
export function RuleParts({ parts }: { parts: RulePart[] }) {
  if (parts.length === 0) return null;
  return html`<ul class="rule">
    ${parts.map(
      (p) =>
        html`<li class=${p.holds ? 'held' : 'failed'} style=${`padding-left:${p.depth * 1.2}em`}>
          <span class="mark">${p.holds ? '✓' : '✗'}</span>${' '}<code title=${p.rule}
            >${p.rule.length > LABEL_MAX ? `${p.rule.slice(0, LABEL_MAX - 1)}…` : p.rule}</code
          >
        </li>`,
    )}
  </ul>`;
}

/** A priority badge. */
export function Priority({ value }: { value: string }) {
  return html`<span class=${`badge priority-${value}`}>${value}</span>`;
}

/** An error line, when there is one. */
export function ErrorLine({ error }: { error?: string }) {
  return error ? html`<p class="error" role="alert">${error}</p>` : null;
}
