import { formatAlert } from '../../../shared/alerts/format-alert';
import { matchFromItem, matchToItem } from '../../../shared/store/item-mappers';
import { compileMatcher } from '../../../shared/watchlists/compile-matcher';
import type { StoryMatch } from '../../../shared/watchlists/story-match';
import type { Watchlist } from '../../../shared/watchlists/watchlist';
import { seedStory } from '../../support/story-fixture';

const watchlist: Watchlist = {
  id: 'ukraine-peace-talks',
  name: 'Ukraine peace talks',
  actors: [
    { id: 'putin', name: 'Vladimir Putin', aliases: ['Putin'] },
    { id: 'witkoff', name: 'Steve Witkoff', aliases: ['Witkoff'] },
  ],
  themes: { talks: ['peace plan'] },
  rule: '@putin AND #talks',
  priority: [{ name: 'Putin and Witkoff in the headline', rule: 'title:@putin AND title:@witkoff' }],
};

function matchOf(story = seedStory()): StoryMatch {
  const [hit] = compileMatcher([watchlist]).match(story);
  return { ...hit!, story, matchedAt: story.fetchedAt };
}

describe('a match from the matcher, stored and alerted', () => {
  it('keeps priority, score, snippet and hits through the table item', () => {
    const match = matchOf();
    expect(match).toMatchObject({
      priority: 'high',
      score: 12,
      snippet: expect.stringContaining('*Putin* to meet US envoy *Witkoff*'),
    });
    expect(matchFromItem(matchToItem(match))).toEqual(match);
  });

  it('sets the priority attribute subscribers filter on, and shows why in the e-mail', () => {
    const alert = formatAlert(matchOf());
    expect(alert.attributes.priority).toEqual({ DataType: 'String', StringValue: 'high' });
    expect(alert.email).toContain(
      'Watchlist: Ukraine peace talks (priority: high: Putin and Witkoff in the headline)',
    );
    expect(alert.email).toContain(
      '*Putin* to meet US envoy *Witkoff* in Moscow on *peace plan* — Russian President',
    );
    expect(alert.subject).toBe(
      '[Ukraine peace talks] HIGH: Putin to meet US envoy Witkoff in Moscow on peace plan',
    );
    const normal = formatAlert(matchOf(seedStory({ title: 'Putin on the peace plan' })));
    expect(normal.attributes.priority?.StringValue).toBe('normal');
    expect(normal.email).toContain('Watchlist: Ukraine peace talks\n');
  });
});
