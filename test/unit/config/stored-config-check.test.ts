import { join } from 'node:path';
import { loadConfig } from '../../../shared/config/load-config';
import { storedFeedProblem, storedWatchlistProblem } from '../../../shared/config/stored-config-check';
import { FeedConfigSchema } from '../../../shared/feeds/feed-config';
import { WatchlistSchema } from '../../../shared/watchlists/watchlist';

// The functions check stored entries without zod; the CLI validates with the zod schemas.
// These tests keep the two agreeing: what one accepts the other accepts, and a broken entry
// is refused by both, at the same field.

const REPO_CONFIG = loadConfig(join(__dirname, '..', '..', '..', 'config'));

/** What `watchlists apply` stores: the zod schema's output, through JSON (DynamoDB). */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

const PUTIN = { id: 'putin', name: 'Vladimir Putin', kind: 'person', aliases: ['Putin', 'Путин*'] };
const WITKOFF = { id: 'witkoff', name: 'Steve Witkoff', aliases: ['Witkoff'] };
const FULL = {
  id: 'full',
  name: 'Every field',
  description: 'uses every field of the format',
  enabled: false,
  actors: [PUTIN, WITKOFF],
  keywords: ['peace plan', 'negotiat*'],
  themes: { guarantees: ['security guarantees', 'гарантії безпеки'] },
  rule: '(@putin OR @witkoff) AND (#keywords OR #guarantees) AND NOT hockey',
  priority: [
    { name: 'both envoys', rule: 'title:@putin AND title:@witkoff' },
    { minActors: 2, in: 'title', kind: 'person' },
  ],
  'x-team': 'europe',
};

describe('storedWatchlistProblem', () => {
  it('accepts every watchlist the zod schema accepts: the repo config and one using every field', () => {
    for (const watchlist of [...REPO_CONFIG.watchlists, WatchlistSchema.parse(FULL)]) {
      expect([watchlist.id, storedWatchlistProblem(stored(watchlist))]).toEqual([watchlist.id, undefined]);
    }
  });

  const broken: [string, Record<string, unknown>, string][] = [
    ['a bad id', { ...FULL, id: 'Full List' }, 'id: use lower-case letters'],
    ['no name', { ...FULL, name: '' }, 'name: '],
    ['enabled as text', { ...FULL, enabled: 'yes' }, 'enabled: '],
    [
      'an actor with no alias',
      { ...FULL, actors: [PUTIN, { ...WITKOFF, aliases: [] }] },
      'actors.1.aliases: give at least one alias',
    ],
    [
      'an actor of an unknown kind',
      { ...FULL, actors: [{ ...PUTIN, kind: 'robot' }, WITKOFF] },
      'actors.0.kind: ',
    ],
    ['a term that does not parse', { ...FULL, keywords: ['peace plan', '*plan'] }, 'keywords.1: '],
    [
      'a keyword of punctuation alone',
      { ...FULL, keywords: ['peace plan', '...'] },
      'keywords.1: "...": give a letter or digit',
    ],
    [
      'an alias of punctuation alone',
      { ...FULL, actors: [PUTIN, { ...WITKOFF, aliases: ['Witkoff', '-'] }] },
      'actors.1.aliases.1: "-": give a letter or digit',
    ],
    ['an empty theme', { ...FULL, themes: { guarantees: [] } }, 'themes.guarantees: give at least one term'],
    ['a rule that does not parse', { ...FULL, rule: '@putin AND (#keywords' }, 'rule: expected ")"'],
    [
      'a rule naming an unknown actor',
      { ...FULL, rule: '@lavrov AND #keywords' },
      'rule: unknown actor @lavrov',
    ],
    [
      'a rule naming an unknown group',
      { ...FULL, rule: '@putin AND #territory' },
      'rule: unknown group #territory',
    ],
    [
      'a rule with nothing positive',
      { ...FULL, rule: 'NOT hockey' },
      'rule: this rule matches stories that mention none of its terms',
    ],
    [
      'a priority with neither rule nor minActors',
      { ...FULL, priority: [{ name: 'empty' }] },
      'priority.0: give a rule, minActors or both',
    ],
    [
      'a priority counting in a wrong place',
      { ...FULL, priority: [{ minActors: 2, in: 'body' }] },
      'priority.0.in: ',
    ],
    ['a fractional minActors', { ...FULL, priority: [{ minActors: 1.5 }] }, 'priority.0.minActors: '],
    [
      'no rule and no keywords',
      { ...FULL, rule: undefined, keywords: undefined, themes: undefined, priority: undefined },
      'keywords: give at least one keyword',
    ],
    [
      'the same actor twice',
      { ...FULL, actors: [PUTIN, PUTIN, WITKOFF] },
      'actors.1.id: actor id "putin" is used twice',
    ],
  ];

  it.each(broken)('refuses %s, as the zod schema does, at the same field', (_what, watchlist, problem) => {
    const zod = WatchlistSchema.safeParse(watchlist);
    expect(zod.success).toBe(false);
    const ours = storedWatchlistProblem(stored(watchlist));
    expect(ours).toContain(problem);
    // Our first problem is at a field zod names too.
    const paths = zod.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain(ours!.slice(0, ours!.indexOf(': ')));
  });

  it('refuses what is not a watchlist at all', () => {
    expect(storedWatchlistProblem('talks')).toBe('expected an object');
    expect(storedWatchlistProblem({ id: 'talks', name: 'Talks', actors: 'putin' })).toBe(
      'actors: expected an array',
    );
  });
});

describe('storedFeedProblem', () => {
  it('accepts every feed of the repo config, with extra fields', () => {
    for (const feed of REPO_CONFIG.feeds)
      expect([feed.id, storedFeedProblem(stored({ ...feed, note: 'kept' }))]).toEqual([feed.id, undefined]);
  });

  it.each([
    [
      'a bad id',
      { id: 'BBC World', url: 'https://feeds.example.org/world.xml' },
      'id: use lower-case letters, digits, ".", "_" or "-"',
    ],
    ['no URL', { id: 'bbc' }, 'url: must be an http or https URL'],
    [
      'an ftp URL',
      { id: 'bbc', url: 'ftp://feeds.example.org/world.xml' },
      'url: must be an http or https URL',
    ],
    ['a relative URL', { id: 'bbc', url: '/world.xml' }, 'url: must be an http or https URL'],
    [
      'a name that is not text',
      { id: 'bbc', url: 'https://feeds.example.org/world.xml', name: 7 },
      'name: expected a string',
    ],
  ])('refuses %s, as the zod schema does', (_what, feed, problem) => {
    expect(FeedConfigSchema.safeParse(feed).success).toBe(false);
    expect(storedFeedProblem(feed)).toBe(problem);
  });
});
