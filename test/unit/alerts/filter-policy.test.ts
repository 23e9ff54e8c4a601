import { formatAlert } from '../../../shared/alerts/format-alert';
import {
  buildFilterPolicy,
  policyAccepts,
  policyCombinations,
  policyProblems,
} from '../../../shared/alerts/filter-policy';
import { checkedPolicy, validateEndpoint } from '../../../shared/alerts/subscriptions';
import { SubscriptionError } from '../../../shared/errors';
import { seedMatch } from '../../support/story-fixture';

describe('filter policies', () => {
  it('selects on the alert attributes: watchlist, actors, priority and above, language, delivery', () => {
    expect(
      buildFilterPolicy({
        protocol: 'sms',
        watchlists: ['ukraine-peace-talks'],
        actors: ['putin', 'witkoff'],
        minPriority: 'high',
      }),
    ).toEqual({
      watchlist: ['ukraine-peace-talks'],
      actors: ['putin', 'witkoff'],
      priority: ['high'],
      delivery: ['sms'],
    });
    expect(
      buildFilterPolicy({ protocol: 'email', minPriority: 'normal', langs: ['uk', 'en'], dailyDigest: true }),
    ).toEqual({
      priority: ['normal', 'high'],
      lang: ['uk', 'en'],
      delivery: ['email', 'email-digest'],
    });
    expect(buildFilterPolicy({ protocol: 'email', digestOnly: true })).toEqual({
      delivery: ['email-digest'],
    });
  });

  it('lets through exactly the alerts SNS would deliver', () => {
    const alert = formatAlert(seedMatch());
    const sms = buildFilterPolicy({ protocol: 'sms', actors: ['witkoff', 'kushner'] });
    expect(policyAccepts(sms, alert.attributes)).toBe(true);
    expect(policyAccepts(buildFilterPolicy({ protocol: 'sms', actors: ['kushner'] }), alert.attributes)).toBe(
      false,
    );
    expect(policyAccepts(buildFilterPolicy({ protocol: 'sms', minPriority: 'high' }), alert.attributes)).toBe(
      false,
    );
    expect(
      policyAccepts(buildFilterPolicy({ protocol: 'email', watchlists: ['other'] }), alert.attributes),
    ).toBe(false);
    // Over the SMS cap: e-mail subscribers get it, SMS subscribers do not.
    const capped = formatAlert(seedMatch(), { delivery: ['email'] });
    expect(policyAccepts(sms, capped.attributes)).toBe(false);
    expect(policyAccepts(buildFilterPolicy({ protocol: 'email' }), capped.attributes)).toBe(true);
    expect(policyAccepts(buildFilterPolicy({ protocol: 'email', digestOnly: true }), capped.attributes)).toBe(
      false,
    );
  });

  it('counts value combinations as SNS does and names every limit broken', () => {
    const actors = Array.from({ length: 40 }, (_, i) => `actor${i}`);
    const policy = buildFilterPolicy({
      protocol: 'email',
      watchlists: ['a', 'b'],
      actors,
      minPriority: 'normal',
    });
    expect(policyCombinations(policy)).toBe(2 * 40 * 2 * 1);
    expect(policyProblems(policy)).toEqual([
      'the filter policy has 160 value combinations (2 watchlist x 40 actors x 2 priority x 1 delivery); SNS allows at most 150: choose fewer watchlists or actors',
    ]);
    expect(policyProblems({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] })[0]).toBe(
      'the filter policy has 6 keys (a, b, c, d, e, f); SNS allows at most 5',
    );
    expect(
      policyProblems(
        buildFilterPolicy({
          protocol: 'sms',
          watchlists: ['a'],
          actors: ['b'],
          minPriority: 'high',
          langs: ['uk'],
        }),
      ),
    ).toEqual([]);
  });
});

describe('subscriber validation', () => {
  it('accepts e-mail addresses and E.164 numbers, and names a bad one with the expected form', () => {
    expect(validateEndpoint('email', ' ops@example.com ')).toBe('ops@example.com');
    expect(validateEndpoint('sms', '+380441234567')).toBe('+380441234567');
    expect(() => validateEndpoint('email', 'ops@example')).toThrow(
      '--email ops@example: not an e-mail address (expected e.g. ops@example.com)',
    );
    expect(() => validateEndpoint('sms', '+1 415 555 0100')).toThrow(
      /^--sms \+1 415 555 0100: not an E\.164 phone number/,
    );
    expect(() => validateEndpoint('sms', '0441234567')).toThrow(SubscriptionError);
  });

  it('checks ids against the configuration and the policy against SNS limits, all problems in one line', () => {
    const known = { watchlists: new Set(['ukraine-peace-talks']), actors: new Set(['putin']) };
    expect(
      checkedPolicy({ protocol: 'sms', watchlists: ['ukraine-peace-talks'], actors: ['putin'] }, known),
    ).toEqual({
      watchlist: ['ukraine-peace-talks'],
      actors: ['putin'],
      delivery: ['sms'],
    });
    let error: Error | undefined;
    try {
      checkedPolicy(
        { protocol: 'sms', watchlists: ['ukraine', 'Bad Id'], actors: ['putn'], dailyDigest: true },
        known,
      );
    } catch (err) {
      error = err as Error;
    }
    expect(error).toBeInstanceOf(SubscriptionError);
    expect(error!.message).toBe(
      '--watchlist ukraine: no such watchlist (known: ukraine-peace-talks); --watchlist Bad Id: not a watchlist id (lower-case letters, digits, "_" or "-"); ' +
        '--actor putn: no watchlist has this actor; the daily digest is sent by e-mail: drop --daily-digest/--digest-only for --sms',
    );
  });
});
