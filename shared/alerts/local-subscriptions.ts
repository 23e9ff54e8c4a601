import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SubscriptionError } from '../errors';
import type { Alert } from './alert';
import { policyAccepts, type SubscriberChoice } from './filter-policy';
import {
  checkedPolicy,
  type SubscribeResult,
  type Subscription,
  type SubscriptionDirectory,
} from './subscriptions';

/**
 * Local subscribers, kept in `<data>/subscriptions.json`. A file rather than the store: the
 * CLI can change subscribers while `newsalert run` holds the store's lock, and the next
 * alert reads the change (no 15-minute delay as in SNS).
 */
export class LocalSubscriptions implements SubscriptionDirectory {
  constructor(readonly file: string) {}

  async subscribe(endpoint: string, choice: SubscriberChoice): Promise<SubscribeResult> {
    const filterPolicy = checkedPolicy(choice);
    const all = this.read();
    const existing = all.find((s) => s.protocol === choice.protocol && s.endpoint === endpoint);
    if (existing) {
      existing.filterPolicy = filterPolicy;
      await this.write(all);
      return { subscription: existing, updated: true };
    }
    const next = 1 + Math.max(0, ...all.map((s) => Number(s.id.replace(/^local:/, '')) || 0));
    const subscription: Subscription = {
      id: `local:${next}`,
      protocol: choice.protocol,
      endpoint,
      status: 'local',
      filterPolicy,
    };
    await this.write([...all, subscription]);
    return { subscription, updated: false };
  }

  async list(): Promise<Subscription[]> {
    return this.read();
  }

  async unsubscribe(idOrAddress: string): Promise<Subscription[]> {
    const all = this.read();
    const removed = all.filter((s) => s.id === idOrAddress || s.endpoint === idOrAddress);
    if (removed.length > 0) await this.write(all.filter((s) => !removed.includes(s)));
    return removed;
  }

  /** The local subscribers an alert would reach, as `protocol:endpoint` (what SNS would deliver). */
  recipients(alert: Pick<Alert, 'attributes'>): string[] {
    return this.read()
      .filter((s) => policyAccepts(s.filterPolicy, alert.attributes))
      .map((s) => `${s.protocol}:${s.endpoint}`);
  }

  private read(): Subscription[] {
    if (!existsSync(this.file)) return [];
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { subscriptions?: Subscription[] };
      return Array.isArray(parsed.subscriptions) ? parsed.subscriptions : [];
    } catch (cause) {
      throw new SubscriptionError(
        `${this.file}: not a readable subscriptions file (fix or delete it): ${(cause as Error).message}`,
        { cause },
      );
    }
  }

  // Written to a temporary file and renamed, so a reader never sees half a file.
  private async write(subscriptions: Subscription[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ subscriptions }, null, 2)}\n`);
    await rename(tmp, this.file);
  }
}
