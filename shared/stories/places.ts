import type { Actor } from '../watchlists/watchlist';

/**
 * Places that news of the talks is datelined from, in English, Russian and Ukrainian
 * spellings (a trailing `*` is a prefix: Slavic names inflect). A place is a
 * language-independent feature of a report, like an actor: "Маямі", "Майами" and "Miami"
 * are one id. Watchlist actors of kind `place` are added to these.
 */
export const PLACES: readonly Actor[] = [
  place('moscow', ['Moscow', 'Москв*']),
  place('kyiv', ['Kyiv', 'Kiev', 'Київ*', 'Києв*', 'Киев*']),
  place('washington', ['Washington', 'White House', 'Вашингтон*', 'Біл* дім*', 'Білому домі', 'Бел* дом*']),
  place('florida', ['Florida', 'Hallandale', 'Флорид*']),
  place('miami', ['Miami', 'Маямі', 'Майами']),
  place('berlin', ['Berlin', 'Берлін*', 'Берлин*']),
  place('paris', ['Paris', 'Elysee', 'Élysée', 'Париж*', 'Єлисей*', 'Елисей*']),
  place('london', ['London', 'Downing Street', 'Лондон*']),
  place('brussels', ['Brussels', 'Брюссел*', 'Брюсел*']),
  place('geneva', ['Geneva', 'Женев*']),
  place('istanbul', ['Istanbul', 'Стамбул*']),
  place('anchorage', ['Anchorage', 'Alaska', 'Анкоридж*', 'Аляск*']),
  place('abu-dhabi', ['Abu Dhabi', 'Абу-Дабі', 'Абу-Даби']),
  place('riyadh', [
    'Riyadh',
    'Jeddah',
    'Saudi Arabia',
    'Ер-Ріяд*',
    'Эр-Рияд*',
    'Джидд*',
    'Саудівськ* Араві*',
    'Саудовск* Арави*',
  ]),
  place('dublin', ['Dublin', 'Ireland', 'Дублін*', 'Дублин*', 'Ірланд*', 'Ирланд*']),
  place('donbas', [
    'Donbas',
    'Donbass',
    'Donetsk',
    'Luhansk',
    'Донбас*',
    'Донецьк*',
    'Донецк*',
    'Луганськ*',
    'Луганск*',
  ]),
  place('zaporizhzhia', ['Zaporizhzhia', 'Запоріж*', 'Запоріз*', 'Запорож*']),
  place('crimea', ['Crimea', 'Крим', 'Криму', 'Крым*']),
  place('black-sea', ['Black Sea', 'Чорн* мор*', 'Черн* мор*']),
  place('vnukovo', ['Vnukovo', 'Внуково']),
  place('davos', ['Davos', 'Давос*']),
  place('rome', ['Rome', 'Vatican', 'Рим', 'Риме', 'Римі', 'Ватикан*']),
  place('warsaw', ['Warsaw', 'Варшав*']),
  place('germany', ['Germany', 'German', 'Німеччин*', 'Германи*']),
  place('france', ['France', 'French', 'Франці*', 'Франци*']),
  place('britain', ['Britain', 'British', '=UK', 'Британі*', 'Британи*']),
];

function place(id: string, aliases: string[]): Actor {
  return { id, name: aliases[0]!, kind: 'place', aliases };
}
