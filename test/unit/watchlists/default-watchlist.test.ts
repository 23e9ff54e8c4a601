import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWatchlists } from '../../../shared/config/load-config';
import { compileMatcher } from '../../../shared/watchlists/compile-matcher';

interface LabelledStory {
  id: string;
  lang: 'en' | 'uk' | 'ru';
  /** About the talks to end the war in Ukraine. */
  relevant: boolean;
  title: string;
  summary: string;
  /** For distractors: what they share with the talks. */
  note?: string;
}

const ROOT = join(__dirname, '..', '..', '..');
const stories: LabelledStory[] = readFileSync(
  join(ROOT, 'test', 'fixtures', 'labelled-stories', 'stories.jsonl'),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const matcher = compileMatcher(
  loadWatchlists(join(ROOT, 'config', 'watchlists', 'ukraine-peace-talks.yaml')),
);
const alerted = (s: LabelledStory) => matcher.match(s).some((h) => h.watchlistId === 'ukraine-peace-talks');

describe('config/watchlists/ukraine-peace-talks.yaml on the labelled stories', () => {
  it('is a labelled set of talks and distractor stories in English, Ukrainian and Russian', () => {
    expect(stories.length).toBeGreaterThanOrEqual(80);
    for (const lang of ['en', 'uk', 'ru']) {
      expect(stories.filter((s) => s.lang === lang && s.relevant).length).toBeGreaterThanOrEqual(10);
      expect(stories.filter((s) => s.lang === lang && !s.relevant).length).toBeGreaterThanOrEqual(10);
    }
    const kinds = new Set(stories.filter((s) => !s.relevant).map((s) => s.note));
    for (const kind of [
      'hockey Putin',
      'other Macron news',
      'Trump business',
      'sports namesake',
      'ceasefire elsewhere',
      'union talks',
      'talks other sense',
      'peace other sense',
    ])
      expect(kinds).toContain(kind);
    expect(new Set(stories.map((s) => s.id)).size).toBe(stories.length);
  });

  it('keeps precision and recall at 0.95 or better', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const s of stories) {
      const hit = alerted(s);
      if (hit && s.relevant) tp++;
      else if (hit) {
        fp++;
        wrong.push(`false alert: ${s.id} ${s.title}`);
      } else if (s.relevant) {
        fn++;
        wrong.push(`missed: ${s.id} ${s.title}`);
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    // The list of misses makes a failure say which stories to look at.
    expect({ precision: precision >= 0.95, recall: recall >= 0.95, wrong }).toEqual({
      precision: true,
      recall: true,
      wrong: expect.any(Array),
    });
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects hockey-Putin and union talks, and alerts high when Putin meets the envoys', () => {
    expect(
      alerted({
        id: 'x',
        lang: 'en',
        relevant: false,
        title: 'Putin scores eight goals in Night Hockey League gala',
        summary: 'Peskov said the president talks to players after every game.',
      }),
    ).toBe(false);
    expect(
      alerted({
        id: 'y',
        lang: 'en',
        relevant: false,
        title: 'Ukrainian dockers start wage talks',
        summary: 'The union wants a 20% raise.',
      }),
    ).toBe(false);
    const [hit] = matcher.match({
      title: 'Путін прийняв Віткоффа і Кушнера в Кремлі',
      summary: 'Переговори щодо мирного плану тривали п’ять годин.',
    });
    expect(hit).toMatchObject({ actors: ['putin', 'kremlin', 'witkoff', 'kushner'], priority: 'high' });
  });
});
