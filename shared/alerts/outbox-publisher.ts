import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Alert, AlertPublisher } from './alert';

/**
 * The local stand-in for SNS: each alert is appended to `outbox.jsonl` (one JSON object per
 * line, the contract other tools read) and announced through `print`.
 */
export class OutboxPublisher implements AlertPublisher {
  constructor(
    private readonly outboxFile: string,
    private readonly print: (alert: Alert) => void = () => {},
  ) {}

  async publish(alerts: Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    await mkdir(dirname(this.outboxFile), { recursive: true });
    const sentAt = new Date().toISOString();
    await appendFile(this.outboxFile, alerts.map((a) => `${JSON.stringify({ ...a, sentAt })}\n`).join(''));
    alerts.forEach((a) => this.print(a));
  }
}
