import { diffConfig } from '../../../shared/config/config-diff';
import { talksWatchlist } from '../../support/watchlist-fixture';

describe('diffConfig', () => {
  it('says nothing for equal objects, whatever the key or list order', () => {
    const reordered = {
      keywords: [...talksWatchlist.keywords].reverse(),
      actors: [...talksWatchlist.actors].reverse(),
      name: talksWatchlist.name,
      id: talksWatchlist.id,
    };
    expect(diffConfig(talksWatchlist, reordered)).toEqual([]);
  });

  it('names actors by id, list items added and removed, and changed values', () => {
    const after = {
      ...talksWatchlist,
      name: 'Talks',
      actors: [
        { ...talksWatchlist.actors[0]!, aliases: [...talksWatchlist.actors[0]!.aliases, 'Путину'] },
        talksWatchlist.actors[2]!,
        { id: 'rubio', name: 'Marco Rubio', aliases: ['Rubio'] },
      ],
      keywords: ['peace plan', 'ceasefire'],
      enabled: false,
    };
    expect(diffConfig(talksWatchlist, after)).toEqual([
      'name: "Peace talks" -> "Talks"',
      'actors.putin.aliases: +"Путину"',
      'actors.rubio: added',
      'actors.witkoff: removed',
      'keywords: +"ceasefire" -"security guarantees" -"talks" -"мирний план" -"переговоры"',
      'enabled: set to false',
    ]);
  });

  it('handles fields it has never seen (new schema fields need no code here)', () => {
    expect(diffConfig({ rule: { all: ['a'] }, priority: 'high' }, { rule: { all: ['a', 'b'] } })).toEqual([
      'rule.all: +"b"',
      'priority: removed (was "high")',
    ]);
  });
});
