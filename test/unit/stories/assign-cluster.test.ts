import { join } from 'node:path';
import { loadWatchlists } from '../../../shared/config/load-config';
import { assignCluster, clusterIdOf } from '../../../shared/stories/assign-cluster';
import { clusterBucket, clusterLookupKeys } from '../../../shared/stories/cluster-keys';
import { clusterSettings } from '../../../shared/stories/cluster-settings';
import { clusterStories } from '../../../shared/stories/cluster-stories';
import { entityExtractor } from '../../../shared/stories/entity-extractor';
import { storyFeatures, type FeatureInput } from '../../../shared/stories/story-features';

const entities = entityExtractor(loadWatchlists(join(__dirname, '..', '..', '..', 'config', 'watchlists')));
const settings = clusterSettings();
const features = (s: Partial<FeatureInput> & Pick<FeatureInput, 'id' | 'title'>) =>
  storyFeatures(
    {
      summary: '',
      publishedAt: '2025-12-02T22:30:00Z',
      watchlistId: 'ukraine-peace-talks',
      lang: 'en',
      ...s,
    },
    entities,
  );

const meeting = features({
  id: 'reuters-1',
  title: 'Putin meets Witkoff and Kushner in the Kremlin for five hours of talks',
  summary: 'Russian President Vladimir Putin received US envoy Steve Witkoff and Jared Kushner on Tuesday.',
});
const russian = (publishedAt: string, priority: 'high' | 'normal' = 'normal') =>
  features({
    id: `ria-${publishedAt}`,
    lang: 'ru',
    publishedAt,
    priority,
    title: 'Встреча Путина с Уиткоффом и Кушнером в Кремле продлилась пять часов',
    summary: 'Переговоры президента России с американскими посланниками завершились во вторник.',
  });

describe('story features', () => {
  it('reads actors from any script as one id, and the quoted person of a headline', () => {
    const uk = features({ id: 'u', lang: 'uk', title: 'Пєсков: Путін зустрінеться з Віткоффом у вівторок' });
    expect(Object.keys(uk.neutral)).toEqual(
      expect.arrayContaining(['a:peskov', 'a:putin', 'a:witkoff', 'c:wd:2']),
    );
    expect(uk.speakers).toEqual(['peskov']);
    expect(uk.phase).toBe('announced');
    expect(features({ id: 'e', title: 'Rubio says Florida talks were productive' }).speakers).toEqual([
      'rubio',
    ]);
  });

  it('caps the published time at when the story was first seen', () => {
    const f = features({
      id: 'x',
      title: 'Putin meets Witkoff',
      publishedAt: '2025-12-03T00:00:00Z',
      fetchedAt: '2025-12-02T21:00:00Z',
    });
    expect(new Date(f.at).toISOString()).toBe('2025-12-02T21:00:00.000Z');
  });
});

describe('assignCluster', () => {
  it('opens a cluster with an id derived from the story, then folds another language into it', () => {
    const opened = assignCluster(meeting, [], settings);
    expect(opened).toMatchObject({
      kind: 'open',
      cluster: { id: clusterIdOf('ukraine-peace-talks', 'reuters-1') },
    });
    const joined = assignCluster(russian('2025-12-02T23:00:00Z'), [opened.cluster], settings);
    expect(joined).toMatchObject({ kind: 'join', reason: 'similar', raisesPriority: false });
    expect(joined.cluster.storyIds).toEqual(['reuters-1', 'ria-2025-12-02T23:00:00Z']);
    expect(joined.cluster.version).toBe(2);
  });

  it('is idempotent: a member placed again changes nothing', () => {
    const opened = assignCluster(meeting, [], settings).cluster;
    const again = assignCluster(meeting, [opened], settings);
    expect(again).toEqual({ kind: 'known', cluster: opened });
  });

  it('raises priority once: a high report folded into a normal cluster is an update', () => {
    const opened = assignCluster(meeting, [], settings).cluster;
    const high = assignCluster(russian('2025-12-02T23:00:00Z', 'high'), [opened], settings);
    expect(high).toMatchObject({ kind: 'join', raisesPriority: true, cluster: { priority: 'high' } });
    const another = assignCluster(russian('2025-12-02T23:30:00Z', 'high'), [high.cluster], settings);
    expect(another).toMatchObject({ kind: 'join', raisesPriority: false });
  });

  it('takes a report 30+ hours late within the default window, not one past it', () => {
    const opened = assignCluster(meeting, [], settings).cluster;
    expect(assignCluster(russian('2025-12-04T06:00:00Z'), [opened], settings).kind).toBe('join');
    expect(assignCluster(russian('2025-12-05T00:00:00Z'), [opened], settings).kind).toBe('open');
    expect(
      assignCluster(russian('2025-12-05T00:00:00Z'), [opened], clusterSettings({ windowHours: 72 })).kind,
    ).toBe('join');
  });

  it('keeps the announcement apart from the meeting it announced', () => {
    const opened = assignCluster(meeting, [], settings).cluster;
    const announced = features({
      id: 'tass-1',
      lang: 'ru',
      publishedAt: '2025-12-02T09:00:00Z',
      title: 'Песков: Путин примет Уиткоффа и Кушнера во вторник',
    });
    expect(assignCluster(announced, [opened], settings).kind).toBe('open');
  });

  it('ignores candidates of another watchlist', () => {
    const other = { ...assignCluster(meeting, [], settings).cluster, watchlistId: 'other', id: 'cl-other' };
    expect(assignCluster(russian('2025-12-02T23:00:00Z'), [other], settings).kind).toBe('open');
  });

  it('gives the same clusters whatever order the stories arrive in', () => {
    const stories = [meeting, russian('2025-12-02T23:00:00Z'), russian('2025-12-03T01:00:00Z')];
    const a = clusterStories(stories)
      .placed.map((p) => [p.storyId, p.clusterId])
      .sort();
    const b = clusterStories([...stories].reverse())
      .placed.map((p) => [p.storyId, p.clusterId])
      .sort();
    expect(a).toEqual(b);
    expect(new Set(a.map(([, c]) => c)).size).toBe(1);
  });
});

describe('cluster index keys', () => {
  it('lists a cluster under its watchlist and opening day; a story reads the days of its window', () => {
    const opened = assignCluster(meeting, [], settings).cluster;
    expect(clusterBucket(opened)).toBe('ukraine-peace-talks#2025-12-02');
    const keys = clusterLookupKeys('ukraine-peace-talks', Date.parse('2025-12-04T06:00:00Z'), settings);
    expect(keys).toEqual([
      'ukraine-peace-talks#2025-12-02',
      'ukraine-peace-talks#2025-12-03',
      'ukraine-peace-talks#2025-12-04',
      'ukraine-peace-talks#2025-12-05',
      'ukraine-peace-talks#2025-12-06',
    ]);
  });
});
