import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorLine } from '../ui';

interface SubscriberRow {
  id: string;
  protocol: string;
  endpoint: string;
  status: string;
  filterPolicy: Record<string, unknown> | null;
}

function describe(policy: Record<string, unknown> | null): string {
  if (!policy) return 'every alert';
  return Object.entries(policy)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('; ');
}

/** Subscribers: who gets what (read-only; `newsalert subscribe` changes them). */
export function SubscribersPage() {
  const [rows, setRows] = useState<SubscriberRow[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<SubscriberRow[]>('/api/subscribers').then(setRows, (err: Error) => setError(err.message));
  }, []);
  return html`<section>
    <h1>Subscribers</h1>
    <p class="hint">
      Read-only here: <code>newsalert subscribe</code> and <code>newsalert unsubscribe</code> change them.
    </p>
    <${ErrorLine} error=${error} />
    ${rows && rows.length === 0 && html`<p class="empty">No subscribers.</p>`}
    <table>
      <thead>
        <tr>
          <th>Protocol</th>
          <th>Endpoint</th>
          <th>Status</th>
          <th>Receives</th>
        </tr>
      </thead>
      <tbody>
        ${(rows ?? []).map(
          (s) =>
            html`<tr>
              <td>${s.protocol}</td>
              <td>${s.endpoint}</td>
              <td>${s.status}</td>
              <td>${describe(s.filterPolicy)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
