import { attributeValues } from '../../../shared/alerts/alert';
import type { AlertMatch } from '../../../shared/alerts/alert-match';
import { buildFilterPolicy, policyAccepts } from '../../../shared/alerts/filter-policy';
import { formatAlert } from '../../../shared/alerts/format-alert';
import { formatEmailDigest, formatSmsDigest } from '../../../shared/alerts/format-digest';
import type { SubscriberChoice } from '../../../shared/alerts/filter-policy';
import { markedSnippet } from '../../../shared/alerts/snippet';
import { smsSegments } from '../../../shared/alerts/sms-text';
import { seedMatch } from '../../support/story-fixture';

const scope = (id: string) => ({
  id,
  watchlistId: 'ukraine-peace-talks',
  watchlistName: 'Ukraine peace talks',
  from: '2025-12-01T08:00:00.000Z',
  to: '2025-12-01T09:00:00.000Z',
});
const matches = [
  seedMatch(
    {},
    {
      id: 's1',
      title: 'Peskov: no date yet for the next round',
      link: 'https://e.org/1',
      publishedAt: '2025-12-01T08:10:00.000Z',
    },
  ),
  {
    ...seedMatch(
      { actors: ['zelensky'] },
      {
        id: 's2',
        title: 'Zelensky and Witkoff agree on security guarantees',
        link: 'https://e.org/2',
        publishedAt: '2025-12-01T08:05:00.000Z',
      },
    ),
    priority: 'high',
  },
  seedMatch(
    {},
    {
      id: 's3',
      title: 'Kallas: Europe must be at the table',
      link: 'https://e.org/3',
      publishedAt: '2025-12-01T08:50:00.000Z',
    },
  ),
];

describe('digests', () => {
  it('SMS digest: one segment with the count, the hour and the most important headline and its link, for SMS only', () => {
    const alert = formatSmsDigest(scope('digest:sms:2025-12-01T08:ukraine-peace-talks'), matches);
    expect(alert.sms).toBe(
      'Ukraine peace talks: 3 alerts 08:00-09:00 UTC (SMS cap). Top: Zelensky and Witkoff agree on security guarantees https://e.org/2',
    );
    expect(smsSegments(alert.sms)).toBe(1);
    expect(alert).toMatchObject({
      kind: 'sms-digest',
      storyIds: ['s1', 's2', 's3'],
      subject: '[Ukraine peace talks] 3 alerts over the SMS cap, 08:00-09:00 UTC',
    });
    expect(attributeValues(alert, 'delivery')).toEqual(['sms']);
    // What every alert in it has: the lowest priority, the actors all of them name.
    expect(attributeValues(alert, 'priority')).toEqual(['normal']);
    expect(attributeValues(alert, 'actors')).toEqual([]);
  });

  it('daily e-mail digest: every story, most important first then newest, for e-mail digest subscribers', () => {
    const alert = formatEmailDigest(
      { ...scope('digest:email:2025-12-01:ukraine-peace-talks'), to: '2025-12-02T00:00:00.000Z' },
      matches,
    );
    expect(alert.subject).toBe('[Ukraine peace talks] Daily digest 2025-12-01: 3 alerts');
    const titles = alert.email.split('\n').filter((l) => l.startsWith('- '));
    expect(titles).toEqual([
      '- HIGH: Zelensky and Witkoff agree on security guarantees',
      '- Kallas: Europe must be at the table',
      '- Peskov: no date yet for the next round',
    ]);
    expect(alert.email).toContain('  https://e.org/3');
    expect(attributeValues(alert, 'delivery')).toEqual(['email-digest']);
  });
});

describe('markedSnippet', () => {
  it('marks whole-word hits of the terms, prefix terms included, and cuts around the first hit', () => {
    const text = `${'Background words here. '.repeat(30)}Negotiators discussed the peace plan; negotiations on security guarantees go on. ${'Tail words. '.repeat(30)}`;
    const snippet = markedSnippet(text, ['peace plan', 'negotiat*', 'plan b'], { maxLength: 160 });
    expect(snippet).toMatch(
      /^\.\.\.[^*]+\*Negotiators\* discussed the \*peace plan\*; \*negotiations\* on security guarantees go on\. .*\.\.\.$/,
    );
    expect(markedSnippet('The peacemaker planned talks', ['peace', 'plan'])).toBe(
      'The peacemaker planned talks',
    );
  });
});

describe("digest attributes and subscribers' filters", () => {
  const high = (id: string, actors: string[], lang?: string) => ({
    ...seedMatch({ actors }, {
      id,
      title: `story ${id}`,
      link: `https://e.org/${id}`,
      ...(lang ? { lang } : {}),
    } as never),
    priority: 'high',
  });
  const normal = (id: string, actors: string[], lang?: string) =>
    seedMatch({ actors }, {
      id,
      title: `story ${id}`,
      link: `https://e.org/${id}`,
      ...(lang ? { lang } : {}),
    } as never);
  const choices: SubscriberChoice[] = [
    { protocol: 'sms' },
    { protocol: 'sms', minPriority: 'high' },
    { protocol: 'sms', minPriority: 'normal' },
    { protocol: 'sms', actors: ['putin'] },
    { protocol: 'sms', actors: ['witkoff'] },
    { protocol: 'sms', actors: ['zelensky', 'witkoff'] },
    { protocol: 'sms', langs: ['uk'] },
    { protocol: 'sms', langs: ['en'] },
    { protocol: 'sms', minPriority: 'high', actors: ['putin'] },
  ];
  const sets: [string, AlertMatch[]][] = [
    ['a HIGH alert among normal ones', [normal('a', ['putin']), high('b', ['putin'])]],
    [
      'actors that differ',
      [normal('a', ['putin', 'witkoff']), normal('b', ['putin']), normal('c', ['zelensky'])],
    ],
    [
      'languages that differ',
      [normal('a', ['putin'], 'uk'), normal('b', ['putin'], 'uk'), normal('c', ['putin'], 'ru')],
    ],
    ['all HIGH and about putin', [high('a', ['putin', 'witkoff']), high('b', ['putin'], 'en')]],
  ];

  it.each(sets)(
    'no filter selects a digest (%s) holding an alert it would have refused alone',
    (_what, set) => {
      const digest = formatSmsDigest(scope('digest:sms:x'), set);
      for (const choice of choices) {
        const policy = buildFilterPolicy(choice);
        const alone = set.every((m) => policyAccepts(policy, formatAlert(m).attributes));
        if (policyAccepts(policy, digest.attributes)) expect([choice, alone]).toEqual([choice, true]);
      }
    },
  );

  it('a digest every alert of which a filter accepts still reaches it', () => {
    const digest = formatSmsDigest(scope('digest:sms:x'), sets[3]![1]);
    expect(
      policyAccepts(
        buildFilterPolicy({ protocol: 'sms', minPriority: 'high', actors: ['putin'] }),
        digest.attributes,
      ),
    ).toBe(true);
    expect(policyAccepts(buildFilterPolicy({ protocol: 'sms' }), digest.attributes)).toBe(true);
  });
});

describe('the daily e-mail digest with clustering', () => {
  it('lists each development once, with the number of reports folded into it', () => {
    const wire = { ...matches[0]!, clusterId: 'cl-a' };
    const reprint = seedMatch(
      {},
      { id: 's9', title: 'Peskov: no date yet for the next round (reprint)', feedId: 'portal' },
    );
    const digest = formatEmailDigest(scope('digest:email:2025-12-01:talks'), [
      wire,
      { ...reprint, clusterId: 'cl-a' },
      matches[1]!,
    ]);
    expect(digest.email).toContain('2 alerts.');
    expect(digest.email).toMatch(/- Peskov: no date yet for the next round(?: \(reprint\))? \(2 sources\)/);
    expect(digest.email).toContain('- HIGH: Zelensky and Witkoff agree on security guarantees\n');
    expect(digest.email.match(/Peskov: no date yet/g)).toHaveLength(1);
  });
});
