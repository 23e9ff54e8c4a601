import { attributeValues, type Alert } from '../shared/alerts/alert';
import { smsLength, smsSegments, singleSegmentLimit } from '../shared/alerts/sms-text';
import type { FeedPollResult } from '../shared/pipeline/poll-feed';
import type { CycleSummary } from '../shared/pipeline/run-cycle';

/** Terminal output of local runs. Everything goes through `write`, so tests can capture it. */
export class Output {
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  line(text = ''): void {
    this.write(text);
  }

  feed(r: FeedPollResult): void {
    if (r.outcome === 'failed')
      this.write(
        `  ✗ ${r.feedId}: ${r.error}${r.status === 'disabled' ? ' (disabled: polled once a day until it answers)' : ''}`,
      );
    else if (r.outcome === 'not-modified') this.write(`  · ${r.feedId}: not modified`);
    else
      this.write(
        `  ✓ ${r.feedId}: ${r.storiesInFeed} stories, ${r.newStories} new, ${r.newMatches.length} new matches`,
      );
  }

  alert(a: Alert, recipients: string[] = []): void {
    const actors = attributeValues(a, 'actors');
    const delivery = attributeValues(a, 'delivery');
    const sms = `${smsLength(a.sms)}/${singleSegmentLimit(a.sms)}, ${smsSegments(a.sms)} segment${smsSegments(a.sms) === 1 ? '' : 's'}`;
    this.write(`  ${a.kind === 'alert' ? 'ALERT' : 'DIGEST'} ${a.subject}`);
    this.write(
      `        actors: ${actors.join(', ')}   ${a.kind === 'alert' ? `story: ${a.storyId}` : `stories: ${a.storyIds?.length ?? 0}`}   for: ${delivery.join(', ')}`,
    );
    if (delivery.includes('sms')) this.write(`        sms (${sms}): ${a.sms}`);
    if (recipients.length > 0) this.write(`        to: ${recipients.join(', ')}`);
  }

  summary(s: CycleSummary, alerts: number, ms: number): void {
    this.write(
      `cycle: ${s.feeds} feeds (${s.newFeeds} fetched, ${s.notModified} not modified, ${s.failed} failed${s.notDue > 0 ? `, ${s.notDue} not due` : ''}), ` +
        `${s.newStories} new stories, ${alerts} alerts, ${(ms / 1000).toFixed(1)} s`,
    );
  }
}
