import { channelAlertOf, cutAround } from '../../../../shared/alerts/channels/channel-alert';
import { seedMatch } from '../../../support/story-fixture';

const hitTexts = (s: { text: string; hits: { start: number; end: number }[] }) =>
  s.hits.map((h) => s.text.slice(h.start, h.end));

describe('channelAlertOf', () => {
  test('maps a stored match: stable id, watchlist, priority, story fields, one source (itself)', () => {
    const match = seedMatch({ priority: 'high' }, { lang: 'EN' });
    const alert = channelAlertOf(match);
    expect(alert).toMatchObject({
      id: `${match.story.id}:ukraine-peace-talks`,
      watchlist: { id: 'ukraine-peace-talks', name: 'Ukraine peace talks' },
      priority: 'high',
      update: false,
      actors: ['putin', 'witkoff'],
      terms: ['peace plan'],
      story: { source: 'world', lang: 'en', link: match.story.link },
      sources: [
        { feedId: 'world', storyId: match.story.id, title: match.story.title, link: match.story.link },
      ],
    });
    expect(channelAlertOf(match).id).toBe(alert.id);
  });

  test('hit ranges come from the matcher offsets, summary first, whitespace collapsed', () => {
    const summary = 'Talks:\n\n  Putin   will meet   Witkoff.';
    const match = seedMatch({}, { summary });
    const alert = channelAlertOf({
      ...match,
      hits: [
        {
          term: 'Putin',
          text: 'Putin',
          field: 'summary',
          start: summary.indexOf('Putin'),
          end: summary.indexOf('Putin') + 5,
        },
        {
          term: 'Witkoff',
          text: 'Witkoff',
          field: 'summary',
          start: summary.indexOf('Witkoff'),
          end: summary.indexOf('Witkoff') + 7,
        },
        { term: 'Putin', text: 'Putin', field: 'title', start: 0, end: 5 },
      ],
    });
    expect(alert.snippet.text).toBe('Talks: Putin will meet Witkoff.');
    expect(hitTexts(alert.snippet)).toEqual(['Putin', 'Witkoff']);
  });

  test('without offsets, the stored *marked* snippet is read back into ranges', () => {
    const alert = channelAlertOf(seedMatch({ snippet: 'Envoy *Witkoff* meets *Putin* today' }));
    expect(alert.snippet.text).toBe('Envoy Witkoff meets Putin today');
    expect(hitTexts(alert.snippet)).toEqual(['Witkoff', 'Putin']);
    // An odd number of stars is kept as text.
    expect(channelAlertOf(seedMatch({ snippet: '5 * 3 = 15' })).snippet).toEqual({
      text: '5 * 3 = 15',
      hits: [],
    });
  });

  test('cluster fields pass through', () => {
    const sources = [
      { feedId: 'a', storyId: '1', title: 'A', link: 'https://a.example/1' },
      { feedId: 'b', storyId: '2', title: 'B', link: '' },
    ];
    const alert = channelAlertOf({ ...seedMatch(), clusterId: 'c1', sources, update: true });
    expect(alert).toMatchObject({ clusterId: 'c1', sources, update: true });
  });
});

describe('cutAround', () => {
  test('a long text is cut around its first hit, on words, and the ranges follow', () => {
    const text = `${'lorem '.repeat(200)}Putin met Witkoff ${'ipsum '.repeat(200)}`;
    const start = text.indexOf('Putin');
    const cut = cutAround(text, [{ start, end: start + 5 }], 120);
    expect(cut.text.length).toBeLessThanOrEqual(120);
    expect(cut.text.startsWith('...lorem')).toBe(true);
    expect(cut.text.endsWith('...')).toBe(true);
    expect(hitTexts(cut)).toEqual(['Putin']);
  });
});
