import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';

const HELD_OUT = join(__dirname, '..', 'fixtures', 'clusters', 'held-out.jsonl');

function storiesFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'newsalert-cluster-')), 'stories.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('newsalert cluster', () => {
  it('prints one JSON line per story, in input order, with its cluster; reports of one development share it', async () => {
    const { code, stdout, stderr } = await runCli(['cluster', '--stories', HELD_OUT, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            clusterId: string;
            opened: boolean;
            update: boolean;
            reason?: string;
          },
      );
    expect(rows).toHaveLength(77);
    expect(rows[0]).toEqual({
      id: 'h001',
      clusterId: expect.stringMatching(/^cl-[0-9a-f]{20}$/),
      watchlist: 'ukraine-peace-talks',
      opened: true,
      update: false,
    });
    const cluster = new Map(rows.map((r) => [r.id, r.clusterId]));
    // Zelensky and the NATO bid in English, Ukrainian, Russian and a tracking-link reprint.
    expect(new Set(['h011', 'h012', 'h013', 'h014'].map((id) => cluster.get(id))).size).toBe(1);
    // The Berlin trip announced, then the Berlin meeting: two alerts.
    expect(cluster.get('h001')).not.toBe(cluster.get('h004'));
    expect(rows.find((r) => r.id === 'h014')).toMatchObject({ opened: false, reason: 'reprint' });
    expect(rows.filter((r) => r.opened)).toHaveLength(new Set(cluster.values()).size);
  });

  it('clusters in publishedAt order, capped at fetchedAt, and flags a join that raises priority', async () => {
    const file = storiesFile([
      JSON.stringify({
        id: 'late-high',
        lang: 'ru',
        priority: 'high',
        publishedAt: '2025-12-02T23:40:00Z',
        title: 'Встреча Путина с Уиткоффом и Кушнером в Кремле продлилась около пяти часов',
        summary: 'Переговоры президента России с американскими посланниками завершились во вторник.',
      }),
      JSON.stringify({
        id: 'first',
        feedId: 'reuters',
        lang: 'en',
        link: 'https://www.reuters.example/world/putin-witkoff',
        // Stamped after it was seen: clustering uses the time it was first seen.
        publishedAt: '2025-12-03T06:00:00Z',
        fetchedAt: '2025-12-02T22:30:00Z',
        title: 'Putin meets Witkoff and Kushner in the Kremlin for five hours of talks',
        summary:
          'Russian President Vladimir Putin received US envoy Steve Witkoff and Jared Kushner on Tuesday.',
      }),
    ]);
    const { code, stdout } = await runCli([
      'cluster',
      '--stories',
      file,
      '--watchlist',
      'ukraine-peace-talks',
    ]);
    expect(code).toBe(0);
    const [late, first, summary] = stdout.trim().split('\n');
    expect(first).toMatch(/^first {2}(cl-[0-9a-f]{20}) {2}opened \(alert\) {2}Putin meets Witkoff/);
    const id = /cl-[0-9a-f]{20}/.exec(first!)![0];
    expect(late).toContain(`late-high  ${id}  joined (similar`);
    expect(late).toContain('update: priority raised');
    expect(summary).toBe('2 stories in 1 clusters (1 alerts; window 48 h, threshold 0.62)');
  });

  it('names the file and line of a bad story and exits non-zero', async () => {
    const file = storiesFile([
      JSON.stringify({ id: 'a', title: 'Putin meets Witkoff', publishedAt: '2025-12-02T10:00:00Z' }),
      JSON.stringify({ id: 'b', title: 'Peskov: no summit', publishedAt: 'Tuesday' }),
    ]);
    const { code, stdout, stderr } = await runCli(['cluster', '--stories', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `error: ${file}:2: publishedAt: "Tuesday" is not a date (give an ISO 8601 time, e.g. 2025-12-02T10:00:00Z)\n`,
    );
    const bad = await runCli(['cluster', '--stories', HELD_OUT, '--threshold', '2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: --threshold 2: give a number from 0 to 1\n');
  });
});
