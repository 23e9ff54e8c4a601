import { compileMatcher } from '../../../shared/watchlists/compile-matcher';
import { formatExplanation } from '../../../shared/watchlists/format-explanation';
import type { Watchlist } from '../../../shared/watchlists/watchlist';
import { talksWatchlist } from '../../support/watchlist-fixture';

const talks: Watchlist = {
  id: 'talks',
  name: 'Talks',
  actors: [
    { id: 'putin', name: 'Vladimir Putin', kind: 'person', aliases: ['Putin', 'Путин*', 'Путін*'] },
    { id: 'zelensky', name: 'Volodymyr Zelensky', kind: 'person', aliases: ['Zelensky', 'Зеленськ*'] },
    { id: 'witkoff', name: 'Steve Witkoff', kind: 'person', aliases: ['Witkoff', 'Віткофф*'] },
    { id: 'kremlin', name: 'The Kremlin', kind: 'org', aliases: ['Kremlin', 'Кремл*'] },
  ],
  themes: {
    talks: ['peace plan', 'talks', 'negotiat*', 'мирн* план*', 'переговор*'],
    sport: ['hockey', 'хокей*'],
  },
  rule: '(@putin OR @zelensky) AND #talks AND NOT (#sport AND NOT "peace plan")',
  priority: [
    { name: 'Putin with the envoy in the headline', rule: 'title:@putin AND title:@witkoff' },
    { name: 'two people in the headline', minActors: 2, in: 'title', kind: 'person' },
  ],
};

const matcher = compileMatcher([talks]);
const match = (title: string, summary = '') => matcher.match({ title, summary });

describe('compileMatcher: the skeleton rule (no rule: any actor AND any keyword)', () => {
  const skeleton = compileMatcher([talksWatchlist]);
  const m = (title: string, summary = '') => skeleton.match({ title, summary });

  it('matches an actor and a keyword, recording actor ids (in the watchlist order) and terms', () => {
    expect(m('Witkoff to meet Putin', 'They will discuss the peace plan in Moscow.')).toEqual([
      expect.objectContaining({
        watchlistId: 'talks',
        watchlistName: 'Peace talks',
        actors: ['putin', 'witkoff'],
        terms: ['peace plan'],
      }),
    ]);
  });

  it('needs both, as whole words, in any case and script', () => {
    expect(m('Putin visits a factory')).toEqual([]);
    expect(m('New peace plan for the Middle East')).toEqual([]);
    expect(m('Putting practice', 'peace plan')).toEqual([]);
    expect(m('Путинизм', 'переговоры')).toEqual([]);
    expect(m('PUTIN and the TALKS')).toHaveLength(1);
    expect(m('Віткофф прибув', 'МИРНИЙ ПЛАН')[0]?.actors).toEqual(['witkoff']);
  });

  it('lets a keyword phrase span line breaks, and reads terms as text, not patterns', () => {
    expect(m('Zelensky', 'strong security\n  guarantees')[0]?.terms).toEqual(['security guarantees']);
    const literal = compileMatcher([{ ...talksWatchlist, keywords: ['c++ (talks)'] }]);
    expect(literal.match({ title: 'Putin on c++ (talks)', summary: '' })).toHaveLength(1);
    expect(literal.match({ title: 'Putin on cc talks', summary: '' })).toEqual([]);
  });
});

describe('compileMatcher: rules', () => {
  it('applies AND, OR and NOT: Putin at the hockey is not the talks, unless the peace plan is named', () => {
    expect(match('Putin meets Witkoff for talks')).toHaveLength(1);
    expect(match('Putin plays hockey', 'He talks to reporters after the game.')).toEqual([]);
    expect(match('Putin plays hockey before talks on the peace plan')).toHaveLength(1);
    expect(match('Witkoff arrives for talks')).toEqual([]);
  });

  it('matches prefix aliases and terms in their inflected forms', () => {
    expect(match('Зеленському показали план', 'Переговори тривали п’ять годин')[0]).toMatchObject({
      actors: ['zelensky'],
      terms: ['переговор*'],
    });
    expect(match('Путина спросили о переговорах')[0]?.actors).toEqual(['putin']);
  });

  it('chains words written with * inside a phrase, so "мирн* план*" is not "мирних жителів"', () => {
    expect(match('Путін відкинув мирного плану пункти')[0]?.terms).toEqual(['мирн* план*']);
    expect(match('Путін: мирних жителів план евакуації')).toEqual([]);
  });

  it('reports every hit with its field, offsets and the text found', () => {
    expect(match('Putin meets Witkoff', 'Talks on the Зеленського plan.')[0]?.hits).toEqual([
      { term: 'Putin', actor: 'putin', field: 'title', start: 0, end: 5, text: 'Putin' },
      { term: 'Witkoff', actor: 'witkoff', field: 'title', start: 12, end: 19, text: 'Witkoff' },
      { term: 'talks', field: 'summary', start: 0, end: 5, text: 'Talks' },
      { term: 'Зеленськ*', actor: 'zelensky', field: 'summary', start: 13, end: 24, text: 'Зеленського' },
    ]);
  });

  it('NEAR/n: within n words of each other, in either order, in the same field', () => {
    const near = compileMatcher([{ ...talks, rule: '@putin NEAR/3 #talks' }]);
    const n = (title: string, summary = '') => near.match({ title, summary }).length;
    expect(n('Putin said the talks were useful')).toBe(1); // two words between
    expect(n('Talks, said a tired Putin')).toBe(1); // either order
    expect(n('Putin said on Tuesday that the talks were useful')).toBe(0); // five words between
    expect(n('Putin speaks', 'The talks go on')).toBe(0); // not across title and summary
    const self = compileMatcher([{ ...talks, rule: 'talks NEAR/2 #talks' }]);
    expect(self.match({ title: 'talks', summary: '' })).toEqual([]); // a word is not near itself
  });

  it('title: and summary: narrow a part of the rule to one field', () => {
    const scoped = compileMatcher([{ ...talks, rule: 'title:@putin AND summary:#talks' }]);
    expect(scoped.match({ title: 'Putin in Moscow', summary: 'The talks' })).toHaveLength(1);
    expect(scoped.match({ title: 'The talks', summary: 'Putin in Moscow' })).toEqual([]);
  });

  it('treats =terms case-sensitively: the country US, not the pronoun', () => {
    const us = compileMatcher([{ ...talks, rule: '@putin AND =US' }]);
    expect(us.match({ title: 'Putin meets US envoy', summary: '' })).toHaveLength(1);
    expect(us.match({ title: 'Putin tells us nothing', summary: '' })).toEqual([]);
  });

  it('skips disabled watchlists and returns the others in their order', () => {
    const other: Watchlist = {
      id: 'kremlin',
      name: 'Kremlin',
      actors: [{ id: 'kremlin', name: 'K', aliases: ['Kremlin'] }],
      rule: '@kremlin',
    };
    const both = compileMatcher([other, talks, { ...other, id: 'off', enabled: false }]);
    expect(
      both.match({ title: 'Kremlin: Putin open to talks', summary: '' }).map((h) => h.watchlistId),
    ).toEqual(['kremlin', 'talks']);
  });
});

describe('compileMatcher: priority, score and snippet', () => {
  it('raises the priority when a priority rule holds, and says which', () => {
    expect(match('Putin meets Witkoff for talks')[0]).toMatchObject({
      priority: 'high',
      priorityReasons: ['Putin with the envoy in the headline', 'two people in the headline'],
    });
    expect(match('Zelensky and Witkoff: talks resume')[0]).toMatchObject({
      priority: 'high',
      priorityReasons: ['two people in the headline'],
    });
    // The Kremlin is an org: with Putin it is not "two people".
    expect(match('Kremlin: Putin ready for talks')[0]).toMatchObject({
      priority: 'normal',
      priorityReasons: [],
    });
  });

  it('scores 3 per actor (5 in the title) and 1 per term (2 in the title)', () => {
    expect(match('Putin ready for talks', 'Zelensky and the peace plan')[0]?.score).toBe(5 + 3 + 2 + 1);
  });

  it('marks the hits in the snippet and cuts a long text around them, never through one', () => {
    expect(match('Putin ready for talks', 'Zelensky waits.')[0]?.snippet).toBe(
      '*Putin* ready for *talks* — *Zelensky* waits.',
    );
    const long = `${'Earlier reports said many things about the weather. '.repeat(6)}Then Zelensky said the peace plan was close. ${'More words follow here. '.repeat(6)}`;
    const snippet = match('News', long)[0]?.snippet ?? '';
    expect(snippet).toMatch(/^…[^*]* \*Zelensky\* said the \*peace plan\* was close\. .*…$/);
    expect(snippet.replace(/\*/g, '').length).toBeLessThanOrEqual(242);
  });
});

describe('explain', () => {
  it('evaluates every part of the rule and says what each found, matched or not', () => {
    const [e] = compileMatcher([talks]).explain({
      title: 'Putin plays hockey',
      summary: 'He talks to reporters.',
    });
    expect(e).toMatchObject({ watchlistId: 'talks', matched: false, defaultRule: false });
    expect(e!.tree.children.map((c) => [c.rule, c.holds])).toEqual([
      ['(@putin OR @zelensky)', true],
      ['#talks', true],
      ['NOT (#sport AND NOT "peace plan")', false],
    ]);
    expect(e!.tree.children[1]!.found).toEqual([
      { term: 'talks', text: 'talks', field: 'summary', start: 3, end: 8 },
    ]);
    const text = formatExplanation(e!).join('\n');
    expect(text).toContain('talks (Talks): no match');
    expect(text).toContain('✗ NOT (#sport AND NOT "peace plan")');
    expect(text).toContain('✓ #sport: "hockey" title 12-18');
  });

  it('includes disabled watchlists when asked, marked as such', () => {
    const m = compileMatcher([{ ...talks, enabled: false }], { includeDisabled: true });
    const [e] = m.explain({ title: 'Putin: talks', summary: '' });
    expect(e).toMatchObject({
      enabled: false,
      matched: true,
      match: { hit: { priority: 'normal', actors: ['putin'] } },
    });
    expect(formatExplanation(e!)[0]).toBe(
      'talks (Talks): MATCH, priority normal, score 7 [disabled: never matched by the pipeline]',
    );
    expect(
      compileMatcher([{ ...talks, enabled: false }]).match({ title: 'Putin: talks', summary: '' }),
    ).toEqual([]);
  });
});
