import type { Watchlist } from '../../shared/watchlists/watchlist';

/** A small watchlist in the shape of the default one, for tests. */
export const talksWatchlist = {
  id: 'talks',
  name: 'Peace talks',
  actors: [
    { id: 'putin', name: 'Vladimir Putin', aliases: ['Putin', 'Путин', 'Путін', 'Путіна'] },
    { id: 'witkoff', name: 'Steve Witkoff', aliases: ['Witkoff', 'Віткофф'] },
    { id: 'zelensky', name: 'Volodymyr Zelensky', aliases: ['Zelensky', 'Зеленський'] },
  ],
  keywords: ['peace plan', 'security guarantees', 'talks', 'мирний план', 'переговоры'],
} satisfies Watchlist;
