import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSeedConfigJson } from '../../../shared/config/seed-config';
import { loadConfig, loadWatchlists } from '../../../shared/config/load-config';
import { ConfigError, WatchlistError } from '../../../shared/errors';

function configDir(feeds: string, watchlists: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-config-'));
  writeFileSync(join(dir, 'feeds.yaml'), feeds);
  mkdirSync(join(dir, 'watchlists'));
  for (const [name, text] of Object.entries(watchlists)) writeFileSync(join(dir, 'watchlists', name), text);
  return dir;
}

const WATCHLIST = `id: talks\nname: Talks\nactors:\n  - id: putin\n    name: Vladimir Putin\n    aliases: [Putin, Путин]\nkeywords: [peace plan]\n`;

describe('loadConfig', () => {
  it('loads the project default config', () => {
    const config = loadConfig(join(__dirname, '../../../config'));
    expect(config.feeds.length).toBeGreaterThanOrEqual(10);
    const talks = config.watchlists.find((w) => w.id === 'ukraine-peace-talks');
    expect(talks?.actors.map((a) => a.id)).toEqual(
      expect.arrayContaining([
        'putin',
        'zelensky',
        'witkoff',
        'kushner',
        'peskov',
        'macron',
        'kallas',
        'leavitt',
        'trump',
      ]),
    );
  });

  it('keeps extension (x-) fields and reads feeds and watchlists', () => {
    const dir = configDir('feeds:\n  - id: a\n    url: https://example.org/a.xml\n    x-team: europe\n', {
      'talks.yaml': WATCHLIST,
    });
    const config = loadConfig(dir);
    expect(config.feeds).toEqual([{ id: 'a', url: 'https://example.org/a.xml', 'x-team': 'europe' }]);
    expect(config.watchlists[0]!.actors[0]!.aliases).toEqual(['Putin', 'Путин']);
  });

  it('names file, line and field of every problem', () => {
    const dir = configDir(
      'feeds:\n  - id: a\n    url: ftp://example.org/a.xml\n  - id: a\n    url: https://example.org/b\n',
      { 'talks.yaml': WATCHLIST },
    );
    expect(() => loadConfig(dir)).toThrow(ConfigError);
    try {
      loadConfig(dir);
    } catch (err) {
      const lines = (err as Error).message.split('\n');
      expect(lines).toEqual([
        `${join(dir, 'feeds.yaml')}:3: feeds.0.url: must be an http or https URL`,
        `${join(dir, 'feeds.yaml')}:4: feeds.1.id: duplicate feed id "a"`,
      ]);
    }
  });

  it('reports YAML syntax errors with their line', () => {
    const dir = configDir('feeds:\n  - id: a\n    url: [unclosed\n', {});
    expect(() => loadConfig(dir)).toThrow(/feeds\.yaml:\d+: /);
  });

  it('says where feeds.yaml is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsalert-empty-'));
    expect(() => loadConfig(dir)).toThrow(
      `${join(dir, 'feeds.yaml')}: not found (pass the folder holding feeds.yaml: --config DIR, or -c configDir=DIR to cdk)`,
    );
  });
});

describe('loadWatchlists', () => {
  it('reports every invalid watchlist at once, with file:line and field', () => {
    const dir = configDir('feeds: []\n', {
      'a.yaml': 'id: a\nname: A\nactors: []\nkeywords: [talks]\n',
      'b.yaml': `${WATCHLIST}`,
      'c.yaml': WATCHLIST,
      'd.yaml': WATCHLIST.replace('id: talks', 'id: other').replace(
        'keywords: [peace plan]',
        'keywords: ["  "]',
      ),
    });
    try {
      loadWatchlists(join(dir, 'watchlists'));
      throw new Error('expected a WatchlistError');
    } catch (err) {
      expect(err).toBeInstanceOf(WatchlistError);
      expect((err as Error).message.split('\n')).toEqual([
        `${join(dir, 'watchlists', 'a.yaml')}:3: actors: give at least one actor`,
        `${join(dir, 'watchlists', 'c.yaml')}:1: id: "talks" is already used by ${join(dir, 'watchlists', 'b.yaml')}`,
        `${join(dir, 'watchlists', 'd.yaml')}:7: keywords.0: must not be empty`,
      ]);
    }
  });
});

describe('parseSeedConfigJson', () => {
  it('round-trips the bundled config and rejects a broken one clearly', () => {
    const config = loadConfig(join(__dirname, '../../../config'));
    expect(parseSeedConfigJson(JSON.stringify(config))).toEqual(config);
    expect(() => parseSeedConfigJson(undefined)).toThrow('NEWSALERT_CONFIG: not set');
    expect(() => parseSeedConfigJson('{')).toThrow('NEWSALERT_CONFIG: not valid JSON');
  });
});

describe('unknown fields in feeds.yaml', () => {
  it('refuses them with file:line and the closest known field', () => {
    const dir = configDir(
      'feeds:\n  - id: a\n    url: https://example.org/a.xml\n    langauge: uk\n  - id: b\n    uri: https://example.org/b.xml\n',
      { 'talks.yaml': WATCHLIST },
    );
    expect(() => loadConfig(dir)).toThrow(ConfigError);
    try {
      loadConfig(dir);
    } catch (err) {
      expect((err as Error).message.split('\n')).toEqual([
        `${join(dir, 'feeds.yaml')}:4: feeds.0.langauge: unknown field; did you mean \`lang\`?`,
        `${join(dir, 'feeds.yaml')}:5: feeds.1.url: must be an http or https URL`,
        `${join(dir, 'feeds.yaml')}:6: feeds.1.uri: unknown field; did you mean \`url\`?`,
      ]);
    }
  });
});
