import { compileMatcher } from '../../../shared/watchlists/compile-matcher';
import { talksWatchlist } from '../../support/watchlist-fixture';

const matcher = compileMatcher([talksWatchlist]);
const match = (title: string, summary = '') => matcher.match({ title, summary });

describe('compileMatcher (skeleton rule: any actor AND any keyword)', () => {
  it('matches an actor and a keyword, recording actor ids and terms', () => {
    expect(match('Putin to meet Witkoff', 'They will discuss the peace plan in Moscow.')).toEqual([
      { watchlistId: 'talks', watchlistName: 'Peace talks', actors: ['putin', 'witkoff'], terms: ['peace plan'] },
    ]);
  });

  it('needs both an actor and a keyword', () => {
    expect(match('Putin visits a factory')).toEqual([]);
    expect(match('New peace plan for the Middle East')).toEqual([]);
  });

  it('matches whole words only: "Putin" does not match "Putting"', () => {
    expect(match('Putting practice', 'peace plan')).toEqual([]);
    expect(match('Putinism explained', 'talks')).toEqual([]);
    expect(match('PUTIN and the talks')).toHaveLength(1);
  });

  it('finds aliases and keywords in Cyrillic, on Cyrillic word boundaries', () => {
    expect(match('Путіна і Віткоффа чекають', 'мирний план обговорять')[0]?.actors).toEqual(['putin']);
    expect(match('Віткофф прибув', 'МИРНИЙ ПЛАН')[0]?.actors).toEqual(['witkoff']);
    // A longer word that merely starts with the alias is another word.
    expect(match('Путинизм', 'переговоры')).toEqual([]);
  });

  it('lets a multi-word keyword span line breaks and repeated spaces', () => {
    expect(match('Zelensky', 'strong security\n  guarantees')[0]?.terms).toEqual(['security guarantees']);
  });

  it('treats terms as text, not as regular expressions', () => {
    const m = compileMatcher([{ ...talksWatchlist, keywords: ['c++ (talks)'] }]);
    expect(m.match({ title: 'Putin on c++ (talks)', summary: '' })).toHaveLength(1);
    expect(m.match({ title: 'Putin on cc talks', summary: '' })).toEqual([]);
  });
});
