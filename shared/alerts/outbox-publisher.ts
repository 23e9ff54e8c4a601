import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Alert, AlertPublisher, PublishResult } from './alert';

/** Options of {@link OutboxPublisher}. */
export interface OutboxOptions {
  /** Announces each alert written (the terminal output). @default nothing */
  print?: (alert: Alert, recipients: string[]) => void;
  /** The local subscribers an alert would reach; listed in its row as `recipients`. @default none */
  recipients?: (alert: Alert) => string[];
}

/**
 * The local stand-in for SNS: each alert is appended to `outbox.jsonl` (one JSON object per
 * line, the contract other tools read: `watchlist`, `storyId`, `subject`, `email`, `sms`,
 * `default`, `attributes`, plus `id`, `kind`, `recipients` and `sentAt`).
 *
 * Unlike SNS it can make delivery exactly once: it remembers the ids of the rows already in
 * the file, so an alert published again after a crash (between writing the row and marking
 * the alert sent) is not written twice.
 */
export class OutboxPublisher implements AlertPublisher {
  private written?: Set<string>;
  /** True when the file ends in a line cut by a crash: the next row starts on a new line. */
  private brokenTail = false;

  constructor(
    private readonly outboxFile: string,
    private readonly options: OutboxOptions = {},
  ) {}

  async publish(alerts: Alert[]): Promise<PublishResult> {
    const written = this.writtenIds();
    const fresh = alerts.filter((a, i) => !written.has(a.id) && alerts.findIndex((b) => b.id === a.id) === i);
    if (fresh.length > 0) {
      await mkdir(dirname(this.outboxFile), { recursive: true });
      const sentAt = new Date().toISOString();
      const rows = fresh.map((alert) => ({ alert, recipients: this.options.recipients?.(alert) ?? [] }));
      const lead = this.brokenTail ? '\n' : '';
      this.brokenTail = false;
      await appendFile(
        this.outboxFile,
        lead +
          rows
            .map(({ alert, recipients }) => `${JSON.stringify({ ...alert, recipients, sentAt })}\n`)
            .join(''),
      );
      for (const { alert, recipients } of rows) {
        written.add(alert.id);
        this.options.print?.(alert, recipients);
      }
    }
    return { published: alerts.map((alert) => ({ alert })), failed: [] };
  }

  private writtenIds(): Set<string> {
    if (this.written) return this.written;
    this.written = new Set();
    if (existsSync(this.outboxFile)) {
      const text = readFileSync(this.outboxFile, 'utf8');
      this.brokenTail = text.length > 0 && !text.endsWith('\n');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const id = (JSON.parse(line) as { id?: unknown }).id;
          if (typeof id === 'string') this.written.add(id);
        } catch {
          // A line cut by a crash mid-write: its alert was not delivered, so it is sent again.
        }
      }
    }
    return this.written;
  }
}
