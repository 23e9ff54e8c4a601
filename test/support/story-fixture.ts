import type { Story } from '../../shared/stories/story';
import type { StoryMatch } from '../../shared/watchlists/story-match';

/** A story modelled on the project's seed story. */
export function seedStory(overrides: Partial<Story> = {}): Story {
  return {
    id: '4285994c849aacf1dbbbd882770497b3',
    feedId: 'world',
    title: 'Putin to meet US envoy Witkoff in Moscow on peace plan',
    summary:
      'Russian President Vladimir Putin will meet US special envoy Steve Witkoff in Moscow to discuss a peace plan to end the war in Ukraine.',
    link: 'https://news.example.org/world/putin-witkoff-moscow',
    publishedAt: '2025-12-01T18:05:00.000Z',
    fetchedAt: '2025-12-01T18:10:00.000Z',
    ...overrides,
  };
}

/** A match of the seed story. */
export function seedMatch(overrides: Partial<StoryMatch> = {}, story: Partial<Story> = {}): StoryMatch {
  return {
    watchlistId: 'ukraine-peace-talks',
    watchlistName: 'Ukraine peace talks',
    actors: ['putin', 'witkoff'],
    terms: ['peace plan'],
    matchedAt: '2025-12-01T18:10:00.000Z',
    story: seedStory(story),
    ...overrides,
  };
}
