import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempFolder, talksYaml } from '../support/config-files';
import { runCli } from '../support/run-cli';

// `watchlists feed-url` prints one line, the feed's full URL: a contract scripts rely on.
describe('newsalert watchlists feed-url', () => {
  let data: string;
  let config: string;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'newsalert-feedurl-'));
    config = tempFolder({ 'talks.yaml': talksYaml() });
    const applied = await runCli(['watchlists', 'apply', join(config, 'talks.yaml'), '--data', data]);
    expect(applied.code).toBe(0);
  });
  afterAll(() => {
    rmSync(data, { recursive: true, force: true });
    rmSync(config, { recursive: true, force: true });
  });

  test('prints the same URL until --rotate makes a new one', async () => {
    const first = await runCli(['watchlists', 'feed-url', 'talks', '--data', data]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^http:\/\/127\.0\.0\.1:8787\/feeds\/talks\.atom\?token=[\w-]{43}\n$/);
    const again = await runCli(['watchlists', 'feed-url', 'talks', '--data', data, '--port', '9000']);
    expect(again.stdout.replace(':9000/', ':8787/')).toBe(first.stdout);
    const rotated = await runCli(['watchlists', 'feed-url', 'talks', '--data', data, '--rotate']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/token=[\w-]{43}\n$/);
    expect(rotated.stdout).not.toBe(first.stdout);
  });

  test('an unknown watchlist is a one-line error', async () => {
    const out = await runCli(['watchlists', 'feed-url', 'nope', '--data', data]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^error: watchlist nope: not found in table \S+ \(`newsalert watchlists list` shows the ids\)\n$/,
    );
  });
});
