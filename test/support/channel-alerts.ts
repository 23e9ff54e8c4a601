import { channelAlertOf, type ChannelAlert } from '../../shared/alerts/channels/channel-alert';
import { seedMatch } from './story-fixture';

/** The seed match as the channels see it, with the matcher's hits. */
export function seedChannelAlert(overrides: Partial<ChannelAlert> = {}): ChannelAlert {
  const match = seedMatch({ priority: 'high' });
  const summary = match.story.summary;
  const hits = ['Putin', 'Witkoff', 'peace plan'].map((text) => {
    const start = summary.indexOf(text);
    return { term: text, field: 'summary' as const, start, end: start + text.length, text };
  });
  return { ...channelAlertOf({ ...match, hits }), ...overrides };
}

/** An alert with every text far over every channel's limits, and characters each format must escape. */
export function oversizedChannelAlert(): ChannelAlert {
  const base = seedChannelAlert();
  const title = `AT&T <b>Putin</b> > *Witkoff* ${'Зеленський про мирний план 🇺🇦 '.repeat(200)}`;
  const words = Array.from({ length: 20000 }, (_, i) => (i % 7 === 0 ? 'Putin' : `word${i}&<>`));
  const text = words.join(' ');
  const hits: { start: number; end: number }[] = [];
  for (let at = text.indexOf('Putin'); at >= 0; at = text.indexOf('Putin', at + 1))
    hits.push({ start: at, end: at + 5 });
  return {
    ...base,
    watchlist: { id: 'w', name: `Watchlist & <friends> ${'x'.repeat(500)}` },
    actors: Array.from({ length: 400 }, (_, i) => `actor-${i}`),
    terms: Array.from({ length: 400 }, (_, i) => `term & ${i}`),
    story: {
      ...base.story,
      title,
      summary: text,
      link: `https://news.example.org/${'p'.repeat(300)}?a=1&b=<2>|3`,
    },
    snippet: { text, hits },
    sources: [
      { feedId: base.story.feedId, storyId: base.story.id, title, link: base.story.link },
      ...Array.from({ length: 500 }, (_, i) => ({
        feedId: `feed-${i}`,
        storyId: `story-${i}`,
        title: `Report ${i} & <more> ${'Переговоры '.repeat(40)}`,
        link: `https://outlet${i}.example.com/${'a'.repeat(200)}`,
      })),
    ],
  };
}
