import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import Parser from 'rss-parser';
import { readWatchlistFiles } from '../../shared/config/load-config';
import { parseFeed } from '../../shared/feeds/parse-feed';
import { launchBrowser } from '../support/browser';
import { startConsoleFixture, WATCHLIST_YAML, type ConsoleFixture } from '../support/console-store';

// The console in real headless Chromium, over a local store that one real pipeline cycle filled.
// NEWSALERT_SCREENSHOTS=docs keeps screenshots of the main pages in docs/ (the README shows them).
jest.setTimeout(90_000);

const SHOTS = process.env.NEWSALERT_SCREENSHOTS === 'docs' ? join(__dirname, '..', '..', 'docs') : undefined;

let fixture: ConsoleFixture;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  fixture = await startConsoleFixture();
  browser = await launchBrowser();
  // One page for the file: this Chromium build hangs opening a second page after closing one.
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (err) => errors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

// Script errors on the page fail the test that caused them.
afterEach(() => expect(errors.splice(0)).toEqual([]));

const shot = async (name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `console-${name}.png`) });
};

test('Matches shows a matched story with its source, its hits highlighted and why it matched', async () => {
  await page.goto(`${fixture.server.url}#/matches`);
  const card = page.locator('.match', { hasText: 'Putin and Witkoff hold talks in Moscow' });
  await card.waitFor();
  expect(await page.locator('.match').count()).toBe(2);
  expect(await card.locator('.source').textContent()).toBe('example-news');
  expect(await card.locator('.lang').textContent()).toBe('en');
  expect(await card.locator('.badge').textContent()).toBe('high');
  expect(await card.locator('.snippet mark').allTextContents()).toEqual(
    expect.arrayContaining(['Putin', 'Witkoff', 'talks', 'peace plan']),
  );
  await card.locator('details summary').click();
  expect(await card.locator('.actors').textContent()).toBe('putin, witkoff');
  expect(await card.locator('.rule li.held').count()).toBeGreaterThan(0);
  await shot('matches');

  // Filters: only high priority leaves the story naming both envoys.
  await page.selectOption('select[name=priority]', 'high');
  await page.locator('.match').nth(1).waitFor({ state: 'detached' });
  expect(await page.locator('.match .headline').textContent()).toContain('Putin and Witkoff');
  // A refresh is visible.
  await page.click('text=Refresh');
  await page.locator('.updated', { hasText: 'updated' }).waitFor();
});

test('an edit shows its validation error at its line, the backtest preview changes, apply records a new version', async () => {
  await page.goto(`${fixture.server.url}#/watchlists/talks`);
  await page.locator('.preview .summary').waitFor();
  expect(await page.locator('.added-count').textContent()).toBe('0');
  expect(await page.locator('h1 small').textContent()).toBe('v1 runs');

  // A broken rule: the error names the line and column, as `watchlists validate` does.
  const broken = WATCHLIST_YAML.replace('keywords:', 'rule: "@putin AND (talks"\nkeywords:');
  await page.fill('textarea[name=source]', broken);
  const problem = page.locator('.problems .problem');
  await problem.first().waitFor();
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-validate-'));
  try {
    writeFileSync(join(dir, 'talks.yaml'), broken);
    const cli = readWatchlistFiles(join(dir, 'talks.yaml')).problems;
    expect(cli).toHaveLength(1);
    const text = await problem.first().textContent();
    expect(text).toBe(cli[0]!.replace(join(dir, 'talks.yaml'), 'watchlists/talks.yaml'));
    expect(text).toMatch(/^watchlists\/talks\.yaml:11:\d+: rule: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(await page.locator('.gutter .bad').getAttribute('data-line')).toBe('11');
  expect(await page.locator('button.apply').isDisabled()).toBe(true);
  await shot('validation');

  // A new keyword: the preview now adds the ceasefire story, with why.
  await page.fill(
    'textarea[name=source]',
    WATCHLIST_YAML.replace('[peace plan, talks]', '[peace plan, talks, ceasefire]'),
  );
  await page.locator('.added-count', { hasText: '1' }).waitFor();
  const added = page.locator('.preview-list.added li');
  expect(await added.textContent()).toContain('Putin comments on a ceasefire proposal');
  expect(await added.locator('mark').allTextContents()).toEqual(['Putin', 'ceasefire']);
  expect(await page.locator('.dropped-count').textContent()).toBe('0');
  await shot('watchlist-edit');

  await page.click('button.apply');
  await page.locator('.message', { hasText: 'applied as version 2' }).waitFor();
  await page.locator('h1 small', { hasText: 'v2 runs' }).waitFor();
  const v2 = page.locator('.history .version[data-version="2"]');
  await v2.waitFor();
  expect(await page.locator('.history .version').first().getAttribute('data-version')).toBe('2');
  expect(await v2.textContent()).toContain('console-tester');
  expect(await v2.locator('.diff .add').allTextContents()).toEqual([
    '+ keywords: [peace plan, talks, ceasefire]',
  ]);
  const head = await fixture.config.latest('watchlist', 'talks');
  expect(head).toMatchObject({ version: 2, who: 'console-tester', action: 'apply' });
  expect(head!.changes.join(' ')).toContain('ceasefire');
  // The applied version is what runs: the preview compares with it now.
  await page.locator('.added-count', { hasText: '0' }).waitFor();

  // Roll back from the history: version 1's content runs again, as version 3.
  await page.click('text=Roll back to v1');
  await page.locator('.message', { hasText: 'rolled back to v1 as version 3' }).waitFor();
  expect(await fixture.config.latest('watchlist', 'talks')).toMatchObject({ version: 3, action: 'rollback' });
});

test('Feeds shows the polling state and checks a feed now; Subscribers lists who gets what', async () => {
  await page.goto(`${fixture.server.url}#/feeds`);
  const row = page.locator('tr[data-feed=example-news]');
  await row.waitFor();
  expect(await row.locator('td').nth(1).textContent()).toBe('ok');
  expect(await row.locator('td').nth(6).textContent()).toBe('4');
  await shot('feeds');
  await row.locator('text=Check now').click();
  // Loopback feeds are refused outside tests' NEWSALERT_ALLOW_LOOPBACK: the check says so in one line.
  await page.locator('.message', { hasText: 'example-news:' }).waitFor();
  await page.goto(`${fixture.server.url}#/subscribers`);
  await page.locator('text=No subscribers.').waitFor();
});

test('the Atom feed needs its token, and both the project parser and rss-parser read it', async () => {
  const base = fixture.server.url.replace(/\/$/, '');
  expect((await fetch(`${base}/feeds/talks.atom`)).status).toBe(404);
  const res = await fetch(`${base}/api/watchlists/talks/feed-url`);
  const { path } = (await res.json()) as { path: string };
  expect(path).toMatch(/^\/feeds\/talks\.atom\?token=[\w-]{43}$/);
  expect((await fetch(`${base}/feeds/talks.atom?token=wrong`)).status).toBe(404);
  const atom = await fetch(`${base}${path}`);
  expect(atom.status).toBe(200);
  expect(atom.headers.get('content-type')).toContain('application/atom+xml');
  const xml = await atom.text();

  const ours = await parseFeed(xml, {
    feedId: 'atom',
    url: `${base}${path}`,
    fetchedAt: new Date().toISOString(),
  });
  expect(ours.format).toBe('atom');
  expect(ours.stories.map((s) => s.title).sort()).toEqual([
    'Putin and Witkoff hold talks in Moscow',
    'Witkoff presents the peace plan',
  ]);
  expect(ours.stories.map((s) => s.link).sort()).toEqual([
    'https://news.example.org/a',
    'https://news.example.org/b',
  ]);

  const theirs = await new Parser().parseString(xml);
  expect(theirs.title).toBe('newsalert: Peace talks');
  expect(theirs.items).toHaveLength(2);
  expect(theirs.items.map((i) => i.id)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^urn:newsalert:talks:cluster:/)]),
  );
  expect(theirs.items.find((i) => i.title?.startsWith('Putin'))!.content).toContain('<mark>Putin</mark>');

  // Rotating the token: the old URL is dead at once.
  await fetch(`${base}/api/watchlists/talks/feed-url/rotate`, { method: 'POST' });
  expect((await fetch(`${base}${path}`)).status).toBe(404);
});
