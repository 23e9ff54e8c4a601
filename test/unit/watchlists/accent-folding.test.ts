import { compileMatcher } from '../../../shared/watchlists/compile-matcher';
import type { Watchlist } from '../../../shared/watchlists/watchlist';

// One actor per spelling, so each assertion says which spellings a text is found by.
const spellings: Watchlist = {
  id: 'places',
  name: 'Places',
  actors: [
    ['elysee', 'Elysee'],
    ['elysee-accented', 'Élysée'],
    ['lodz', 'Lodz'],
    ['lodz-accented', 'Łódź'],
    ['zelensky-pl', 'Zelensk*'],
    ['strasse', 'Strasse'],
    ['strasse-sharp', 'Straße'],
    ['schroeder', 'Schroeder'],
    ['schroder', 'Schroder'],
    ['gespraech', 'Gespräch*'],
    ['francois', 'Francois'],
    ['oeuvre', 'oeuvre'],
    ['poet', 'Poet'],
  ].map(([id, alias]) => ({ id: id!, name: alias!, aliases: [alias!] })),
  rule: '@*',
};
const matcher = compileMatcher([spellings]);
const found = (text: string) => matcher.match({ title: text, summary: '' }).flatMap((h) => h.actors);

describe('matching and accents', () => {
  it('finds text with diacritics by a term written without them, composed or decomposed', () => {
    expect(found('Macron à l’Élysée')).toEqual(['elysee', 'elysee-accented']);
    expect(found('Macron à l’E\u0301lyse\u0301e')).toEqual(['elysee', 'elysee-accented']);
    expect(found('ÉLYSÉE')).toEqual(['elysee', 'elysee-accented']);
    expect(found('Łódź wybiera prezydenta')).toEqual(['lodz', 'lodz-accented']);
    expect(found('Lo\u0301dz\u0301')).toEqual(['lodz']);
    expect(found('ŁÓDŹ')).toEqual(['lodz', 'lodz-accented']);
    expect(found('Zełenski i Zełenskiego')).toEqual(['zelensky-pl']);
    expect(found('François Bayrou')).toEqual(['francois']);
  });

  it('keeps a term written with diacritics exact', () => {
    expect(found('Elysee Palace')).toEqual(['elysee']);
    expect(found('Lodz')).toEqual(['lodz']);
    expect(found('Lódz')).toEqual(['lodz']);
    expect(found('Gespraeche in Berlin')).toEqual([]);
    expect(found('Gespräche in Berlin')).toEqual(['gespraech']);
  });

  it('reads ß as ss, and ae/oe/ue in a term as ä/ö/ü too', () => {
    expect(found('Straße')).toEqual(['strasse', 'strasse-sharp']);
    expect(found('STRASSE')).toEqual(['strasse', 'strasse-sharp']);
    expect(found('Strasse')).toEqual(['strasse', 'strasse-sharp']);
    expect(found('Gerhard Schröder')).toEqual(['schroeder', 'schroder']);
    expect(found('Gerhard Schroeder')).toEqual(['schroeder']);
    expect(found('Gerhard Schroder')).toEqual(['schroder']);
    // The umlaut spelling of a term needs the umlaut: Poet does not find "Pot".
    expect(found('Pot, Pöt and Poet')).toEqual(['poet']);
    expect(found('un chef-d’œuvre')).toEqual(['oeuvre']);
  });

  it('reports offsets into the text as written', () => {
    const [hit] = matcher.match({ title: 'In der Straße', summary: 'Schröder in Łódź' });
    expect(
      hit!.hits!.map((t) => [t.term, t.field, t.text]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    ).toEqual([
      ['Lodz', 'summary', 'Łódź'],
      ['Łódź', 'summary', 'Łódź'],
      ['Schroder', 'summary', 'Schröder'],
      ['Schroeder', 'summary', 'Schröder'],
      ['Strasse', 'title', 'Straße'],
      ['Straße', 'title', 'Straße'],
    ]);
  });
});
