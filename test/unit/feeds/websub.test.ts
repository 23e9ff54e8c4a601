import { discoverWebSub } from '../../../shared/feeds/websub-discovery';
import { hubSignature, verifyHubSignature } from '../../../shared/feeds/websub-signature';
import {
  answerIntent,
  renewalReason,
  type WebSubSubscription,
} from '../../../shared/feeds/websub-subscription';

const FEED = 'https://example.org/news/feed.xml';

describe('finding a feed hub', () => {
  it('reads atom:link rel="hub" and rel="self" of an RSS channel', () => {
    const rss = `<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
      <atom:link href="https://example.org/feed?x=1&amp;y=2" rel="self" type="application/rss+xml"/>
      <atom:link rel='hub' href='https://pubsubhubbub.appspot.com/'/></channel></rss>`;
    expect(discoverWebSub(rss, FEED)).toEqual({
      hub: 'https://pubsubhubbub.appspot.com/',
      topic: 'https://example.org/feed?x=1&y=2',
    });
  });

  it('reads an Atom feed, resolves relative links, and ignores links inside entries', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="/hub"/>
      <entry><link rel="self" href="https://elsewhere.example/entry"/></entry></feed>`;
    expect(discoverWebSub(atom, FEED)).toEqual({ hub: 'https://example.org/hub', topic: FEED });
    const hubOnlyInEntry = `<feed><entry><link rel="hub" href="https://hub.example/"/></entry></feed>`;
    expect(discoverWebSub(hubOnlyInEntry, FEED)).toBeUndefined();
  });

  it('reads JSON Feed hubs and the Link header, and refuses non-http hubs', () => {
    const json = JSON.stringify({
      feed_url: FEED,
      hubs: [{ type: 'WebSub', url: 'https://hub.example/' }],
      items: [],
    });
    expect(discoverWebSub(json, FEED)).toEqual({ hub: 'https://hub.example/', topic: FEED });
    expect(
      discoverWebSub(
        '<rss/>',
        FEED,
        '<https://hub.example/h>; rel="hub", <https://example.org/self>; rel=self',
      ),
    ).toEqual({ hub: 'https://hub.example/h', topic: 'https://example.org/self' });
    expect(discoverWebSub('<feed><link rel="hub" href="javascript:alert(1)"/></feed>', FEED)).toBeUndefined();
    expect(discoverWebSub('<rss><channel><title>no hub</title></channel></rss>', FEED)).toBeUndefined();
  });
});

describe('X-Hub-Signature', () => {
  const body = Buffer.from('<rss>…</rss>');
  it('accepts the HMAC of the body under our secret, for each method WebSub allows', () => {
    for (const method of ['sha1', 'sha256', 'sha384', 'sha512'] as const)
      expect(verifyHubSignature(hubSignature(method, 's3cret', body), 's3cret', body)).toBe(true);
    expect(
      verifyHubSignature('SHA256=' + hubSignature('sha256', 's3cret', body).slice(7), 's3cret', body),
    ).toBe(true);
  });

  it('refuses another secret, another body, a missing header and unknown methods', () => {
    const good = hubSignature('sha256', 's3cret', body);
    expect(verifyHubSignature(good, 'other', body)).toBe(false);
    expect(verifyHubSignature(good, 's3cret', Buffer.from('<rss>changed</rss>'))).toBe(false);
    expect(verifyHubSignature(undefined, 's3cret', body)).toBe(false);
    expect(verifyHubSignature('md5=abcdef', 's3cret', body)).toBe(false);
    expect(verifyHubSignature(good.slice(0, -2), 's3cret', body)).toBe(false);
  });
});

describe('intent and leases', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const requested: WebSubSubscription = {
    feedId: 'f',
    hub: 'https://hub.example/',
    topic: FEED,
    callback: 'https://cb.example/feeds/f',
    secret: 'x',
    status: 'requested',
    requestedAt: now.toISOString(),
  };
  const query = {
    'hub.mode': 'subscribe',
    'hub.topic': FEED,
    'hub.challenge': 'c-123',
    'hub.lease_seconds': '3600',
  };

  it('echoes the challenge for a topic we asked for and records the granted lease', () => {
    expect(answerIntent(query, requested, now)).toMatchObject({
      status: 200,
      body: 'c-123',
      updated: { status: 'active', leaseUntil: '2026-03-01T01:00:00.000Z' },
    });
  });

  it('refuses another topic, an unsubscribe we never asked for, and a missing lease', () => {
    expect(answerIntent({ ...query, 'hub.topic': 'https://other/' }, requested, now).status).toBe(404);
    expect(answerIntent({ ...query, 'hub.mode': 'unsubscribe' }, requested, now).status).toBe(404);
    expect(answerIntent({ ...query, 'hub.lease_seconds': undefined }, requested, now).status).toBe(404);
    expect(answerIntent(query, undefined, now).status).toBe(404);
  });

  it('records a denial with its reason', () => {
    const denied = answerIntent(
      { 'hub.mode': 'denied', 'hub.topic': FEED, 'hub.reason': 'no' },
      requested,
      now,
    );
    expect(denied).toMatchObject({ status: 200, updated: { status: 'denied', reason: 'no' } });
  });

  it('asks again when not subscribed, when the hub changed, near the end of a lease, or after silence', () => {
    const links = { hub: requested.hub, topic: FEED };
    const active = answerIntent({ ...query, 'hub.lease_seconds': '864000' }, requested, now).updated!;
    const days = (d: number) => new Date(now.getTime() + d * 86_400_000);
    expect(renewalReason(links, undefined, now)).toBe('not subscribed');
    expect(renewalReason({ ...links, hub: 'https://new-hub/' }, active, now)).toBe(
      'the feed names another hub or topic',
    );
    expect(renewalReason(links, active, days(7))).toBeUndefined();
    expect(renewalReason(links, active, days(8.5))).toBe('the lease ends soon');
    expect(renewalReason(links, requested, new Date(now.getTime() + 600_000))).toBeUndefined();
    expect(renewalReason(links, requested, days(0.5))).toBe('the hub never verified the request');
  });
});
