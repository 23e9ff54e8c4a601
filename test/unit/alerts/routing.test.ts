import { buildFilterPolicy, policyAccepts } from '../../../shared/alerts/filter-policy';
import { alertAttributes } from '../../../shared/alerts/format-alert';
import { routeAccepts, type RoutingFacts, type SubscriberChoice } from '../../../shared/alerts/routing';

const choices: SubscriberChoice[] = [];
for (const protocol of ['email', 'sms'] as const)
  for (const watchlists of [[], ['talks'], ['talks', 'sanctions']])
    for (const actors of [[], ['putin'], ['zelensky', 'witkoff']])
      for (const minPriority of [undefined, 'low', 'normal', 'high'] as const)
        for (const langs of [[], ['uk'], ['en', 'ru']])
          for (const digest of [{}, { dailyDigest: true }, { digestOnly: true }])
            choices.push({ protocol, watchlists, actors, minPriority, langs, ...digest });

const facts: RoutingFacts[] = [];
for (const watchlist of ['talks', 'sanctions', 'other'])
  for (const actors of [[], ['putin'], ['witkoff', 'zelensky'], ['lavrov']])
    for (const priority of ['low', 'normal', 'high'])
      for (const lang of ['en', 'uk', 'und'])
        for (const delivery of [['email', 'sms'], ['email'], ['sms'], ['email-digest']] as const)
          facts.push({ watchlist, actors, priority, lang, delivery });

describe('routing: one model, two renderings', () => {
  it('in-process routing decides as SNS does on the filter policy and message attributes', () => {
    let accepted = 0;
    const disagreements: unknown[] = [];
    for (const choice of choices)
      for (const f of facts) {
        const sns = policyAccepts(buildFilterPolicy(choice), alertAttributes(f));
        if (routeAccepts(choice, f) !== sns) disagreements.push({ choice, facts: f, sns });
        if (sns) accepted++;
      }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // Both outcomes are exercised, many times.
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(choices.length * facts.length - 1000);
  });

  it('keeps SMS digests out of mailboxes and e-mail-only alerts off phones', () => {
    const f = { watchlist: 'talks', actors: ['putin'], priority: 'normal', lang: 'en' };
    expect(routeAccepts({ protocol: 'email' }, { ...f, delivery: ['sms'] })).toBe(false);
    expect(routeAccepts({ protocol: 'sms' }, { ...f, delivery: ['email'] })).toBe(false);
    expect(routeAccepts({ protocol: 'email', digestOnly: true }, { ...f, delivery: ['email', 'sms'] })).toBe(
      false,
    );
    expect(routeAccepts({ protocol: 'email', minPriority: 'high' }, { ...f, delivery: ['email'] })).toBe(
      false,
    );
    expect(routeAccepts({ protocol: 'email', actors: ['putin'] }, { ...f, delivery: ['email'] })).toBe(true);
  });
});
