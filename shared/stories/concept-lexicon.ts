/**
 * A small bilingual-by-hand lexicon of news words: English, Russian and Ukrainian forms of one
 * concept share an id, so "talks", "переговоры" and "перемовини" count as the same feature when
 * reports in two languages are compared. It stands in for the cross-lingual embeddings of
 * Miranda et al. (2018), which would need a model file far beyond a Lambda's bundle budget.
 *
 * Each line is `id: english | russian | ukrainian`, forms separated by spaces; a trailing `*`
 * makes a form a prefix (Slavic words inflect). Forms are matched on lower-cased words with
 * apostrophes removed and ё read as е. Ids with a prefix have a role beyond similarity:
 * `say` marks a reported statement (see speaker detection), `fut`/`past` the phase of a
 * development (an announcement or its outcome), `wd:N` a weekday, `mon:N` a month, `ord:N` an
 * ordinal, `n:N` a number written as a word.
 */
const LINES = `
talks: talks talk negotiat* | переговор* | перемовин* переговор*
meet: meet meets meeting* met | встреч* встрет* встрети* | зустріч* зустрі* зустрін*
call: call calls phone | звонок звонк* телефон* разговор* | дзвін* дзвонил* телефон* розмов*
envoy: envoy* emissar* | посланник* посланц* спецпосланник* спецпредставител* | посланц* посланець* спецпосланц* спецпосланець* спецпредставник*
delegation: delegation* team | делегаци* | делегаці*
plan: plan plans draft framework | план* проект* | план* проєкт* проект*
document: document* paper* | документ* бумаг* | документ* папер*
point: point points | пункт* | пункт*
amend: amendment* change* revised revision* | поправк* правк* доработ* переработ* | поправк* правк* доопрацю* перегляну*
agree: agree* agreed consensus accord | договор* соглас* условил* | домов* погод* узгодж*
deal: deal deals settlement | сделк* урегулир* | угод* врегулюв*
compromise: compromise* | компромисс* | компроміс*
progress: progress | прогресс* | прогрес*
productive: productive fruitful | продуктивн* плодотворн* | продуктивн* плідн*
constructive: constructive | конструктивн* | конструктивн*
useful: useful | полезн* | корисн*
difficult: difficult hard tough | сложн* трудн* | складн* важк*
optimistic: optimistic optimism | оптимистич* оптимизм* | оптиміст* оптимізм*
territory: territor* land | территори* земл* | територі* земл*
withdraw: withdraw* leave pull | вывест* вывод* покину* уйти | вивест* вивед* піти покину*
guarantee: guarantee* | гаранти* | гаранті*
security: security safety | безопасност* | безпек*
sovereignty: sovereignty | суверенитет* | суверенітет*
ceasefire: ceasefire* truce armistice | перемири* прекращени* | перемир* припинен*
war: war wars fighting | войн* воева* | війн* воюв* воювати
peace: peace | мир мира миру мирн* | мир миру мирн*
end: end ending | закончит* окончани* завершени* прекрат* | закінчит* завершенн* закінченн* припинит*
nato: nato | нато | нато
membership: membership join joining bid accession | членств* вступлени* вступ* | членств* вступ*
troops: troops forces force army soldiers | войск* сил* армия арми* | військ* сил* армі*
multinational: multinational reassurance | многонационал* | багатонаціональн*
election: election* vote voting | выбор* голосовани* | вибор* голосуван*
strike: strike* attack* | удар* атак* | удар* атак*
sea: sea ports port ships tankers tanker | мор* порт* судам судов танкер* | мор* порт* суд* танкер*
loan: loan loans borrow* | кредит* займ* заем | кредит* позик* позич*
assets: assets | актив* | актив*
frozen: frozen immobilised immobilized | заморожен* | заморожен*
reparations: reparation* | репарац* | репарац*
billion: billion bn | млрд миллиард* | млрд мільярд*
euro: euro euros | евро | євро
fund: fund funding financ* needs | финансир* | фінансув*
eu: eu european* europe | ес евросоюз* европ* еврокомисс* | єс євросоюз* європ* єврокоміс*
summit: summit | саммит* | саміт*
leaders: leaders leader | лидер* | лідер*
president: president* | президент* | президент*
chancellor: chancellor chancellery | канцлер* | канцлер*
minister: minister* ministers | министр* | міністр*
aide: aide adviser advisor | помощник* советник* | помічник* радник*
spokesman: spokesman spokeswoman spokesperson press secretary | пресс-секретар* | речни* пресс-секретар* прессекретар*
reporters: reporters journalists press | журналист* | журналіст*
forum: forum | форум* | форум*
conference: conference news-conference briefing | конференци* брифинг* | конференці* брифінг*
post: posted wrote tweet | написал* соцсет* | написав* написала соцмереж*
disclose: disclose* details private secret | раскрыва* разглаш* детал* | розголош* розкрива* детал*
received: received receive host hosts hosted | принял* примет* получал* получил* | прийняв* прийме* отримав* отримува*
report: report reports reported briefed brief | доклад* доложи* проинформир* | доповід* доповів* доповіст* поінформу*
outcome: outcome results result | итог* результат* | підсумк* результат*
impression: impression | впечатлени* | враженн*
wants: wants want would like | хочет хотят | хоче хочуть
ready: ready readiness willing open | готов* открыт* | готов* готовий відкрит*
threat: threat* threaten* warn* | пригрози* угрожа* предупред* | погрожу* пригрози* попереди*
hinder: hinder* obstruct* derail* | мешают меша* сорва* | заважа* зірва*
reject: reject* refus* unacceptable | отверг* отказ* неприемлем* недопустим* | відкину* відмов* неприйнятн* неприпустим*
demand: demand* insist* condition* | требова* требу* услови* | вимог* вимага* умов*
force: force forcing compel | заставит* принуд* | змусит* примус*
common: common ground | общ* | спільн*
decisive: decisive decide decision | решающ* решени* | вирішальн* рішенн*
pressure: pressure | давлени* | тиск*
weak: weaker weak | слаб* | слабш* слабк*
chance: chance chances | шанс* | шанс*
closer: closer close closest | ближе близк* | ближч* близьк*
promise: promise* committed delivered | обещ* | обіця* пообіця* виконал*
arrive: arrive* arrived landed lands | прилетел* прибыл* прибыва* | прилетів* прибу* приземли*
travel: travel* fly flying visit* trip | отправ* полетит* поездк* визит* | полетя* полетит* поїздк* візит*
resume: resume* resumed continue* continued again | продолж* возобнов* | продовж* відновл* знову
begin: begin* began start* | начал* | почал* розпоча*
hours: hours hour | час* | годин*
impression2: believe believing | считают | вважають
nato-troops: deployment deploy* presence | размещени* присутстви* | розміщенн* присутн*
say: says said say told tells calls called stated urged urges insists insisted added noted signalled signals | заявил* сказал* назвал* сообщил* отметил* рассказал* заявляет считает допустил* | заявив* заявила заявили сказав* сказала назвав* назвала повідомив* повідомила розповів* каже вважає закликал* допусти*
fut: expect expected scheduled upcoming | встретится примет полетит отправятся проведут планирует* планируется ожидается состоится предстоит | зустрінеться прийме полетять проведуть планує* планується очікується відбудеться
past: met held ended lasted concluded finished took place had | провел* прошел прошла прошли состоял* завершил* продлил* длил* | провів провела провели пройшла відбул* завершил* тривал* зустрівся зустрілися
no: no not none without yet | нет не ни пока | немає не ні поки досі
wd:1: monday | понедельник* | понеділ*
wd:2: tuesday | вторник* | вівтор*
wd:3: wednesday | сред* | серед*
wd:4: thursday | четверг* | четвер*
wd:5: friday | пятниц* | пятниц* пятниця
wd:6: saturday | суббот* | субот*
wd:0: sunday weekend | воскресен* | неділ*
ord:1: first | перв* | перш*
ord:2: second | втор* | друг*
ord:3: third | трет* | трет*
n:2: two | два две двух | два дві двох
n:3: three | три трех | три трьох
n:4: four | четыре | чотири
n:5: five five-hour | пять пяти пятичас* | пять пяти пятигодин*
n:6: six | шесть | шість
n:10: ten | десять | десять
mon:11: november | ноябр* | листопад*
mon:12: december | декабр* | грудн* грудень
mon:1: january | январ* | січн* січень
`;

/** What one concept id stands for, and the words that name it. */
export interface ConceptLexicon {
  /** Exact word forms to concept ids. */
  exact: Map<string, string[]>;
  /** Prefixes (without `*`) to concept ids; looked up from the longest prefix of a word down. */
  prefixes: Map<string, string[]>;
  /** The length of the longest prefix, so a lookup need not try more. */
  longestPrefix: number;
}

let lexicon: ConceptLexicon | undefined;

/** The lexicon, parsed once on first use. */
export function conceptLexicon(): ConceptLexicon {
  if (lexicon) return lexicon;
  const exact = new Map<string, string[]>();
  const prefixes = new Map<string, string[]>();
  let longestPrefix = 0;
  const add = (map: Map<string, string[]>, key: string, id: string) => {
    const ids = map.get(key);
    if (!ids) map.set(key, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  for (const line of LINES.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const id = line.slice(0, colon);
    for (const form of line
      .slice(colon + 2)
      .split(/[\s|]+/)
      .filter(Boolean)) {
      const word = foldConceptWord(form.replace(/\*$/, ''));
      if (form.endsWith('*')) {
        add(prefixes, word, id);
        longestPrefix = Math.max(longestPrefix, word.length);
      } else add(exact, word, id);
    }
  }
  lexicon = { exact, prefixes, longestPrefix };
  return lexicon;
}

/** Lower case, ё as е, apostrophes dropped: the form lexicon words and text words are compared in. */
export function foldConceptWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/\u0451/g, '\u0435')
    .replace(/['\u2019\u02bc`]/g, '');
}

/**
 * The concept ids a (folded) word names: an exact form first, else the longest prefix that
 * is a form. Prefixes shorter than 3 letters are never tried.
 */
export function conceptsOf(word: string): readonly string[] {
  const known = memo.get(word);
  if (known) return known;
  const lex = conceptLexicon();
  let found: readonly string[] = lex.exact.get(word) ?? NONE;
  for (let k = Math.min(word.length, lex.longestPrefix); found === NONE && k >= 3; k--)
    found = lex.prefixes.get(word.slice(0, k)) ?? NONE;
  // Words repeat from story to story: a bounded memo saves the prefix walk.
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(word, found);
  return found;
}

const MEMO_SIZE = 50_000;
const memo = new Map<string, readonly string[]>();

const NONE: readonly string[] = [];
