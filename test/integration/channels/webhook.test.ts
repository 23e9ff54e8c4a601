import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { renderWebhookPayload, WebhookChannel } from '../../../shared/alerts/channels/webhook';
import { oversizedChannelAlert, seedChannelAlert } from '../../support/channel-alerts';
import { startChatReceiver, type ChatReceiver, type Received } from '../../support/chat-receiver';

const root = join(__dirname, '../../..');
const schema = JSON.parse(readFileSync(join(root, 'docs/schemas/webhook-alert-v1.json'), 'utf8')) as object;
const ajv = new Ajv2020({
  allErrors: true,
  formats: { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/ },
});
const validate = ajv.compile(schema);

function expectValid(body: unknown) {
  const ok = validate(body);
  expect(ajv.errorsText(validate.errors)).toBe('No errors');
  expect(ok).toBe(true);
}

/** A second implementation of the signature check (WebCrypto), written from the documented rule. */
async function verifiedByWebCrypto(secret: string, request: Received): Promise<boolean> {
  const timestamp = String(request.headers['x-newsalert-timestamp']);
  const signature = String(request.headers['x-newsalert-signature']);
  if (!signature.startsWith('sha256=')) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const hex = signature.slice('sha256='.length);
  const bytes = new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  return crypto.subtle.verify('HMAC', key, bytes, new TextEncoder().encode(`${timestamp}.${request.body}`));
}

/** The verification snippet of docs/webhooks.md, run as a receiver would paste it. */
function documentedVerifier() {
  const doc = readFileSync(join(root, 'docs/webhooks.md'), 'utf8');
  const code = /<!-- verify-snippet[^>]*-->\s*```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error('docs/webhooks.md has no verify-snippet block');
  const sandbox: Record<string, unknown> = { require, Buffer, Date };
  runInNewContext(`${code}\nthis.verify = verifyNewsalertSignature;`, sandbox);
  return sandbox.verify as (
    secret: string,
    ts: unknown,
    sig: unknown,
    body: string | Buffer,
    tolerance?: number,
  ) => boolean;
}

describe('webhook payload', () => {
  test('matches the documented JSON Schema, for a plain alert, an update and oversized input', () => {
    expectValid(renderWebhookPayload(seedChannelAlert()));
    const update = renderWebhookPayload(seedChannelAlert({ update: true, clusterId: 'c-1' }));
    expectValid(update);
    expect(update.type).toBe('alert.updated');
    expectValid(renderWebhookPayload(oversizedChannelAlert()));
  });

  test('the schema is strict enough to refuse a body without an id or with a wrong version', () => {
    const body = renderWebhookPayload(seedChannelAlert()) as unknown as Record<string, unknown>;
    expect(validate({ ...body, id: undefined })).toBe(false);
    expect(validate({ ...body, version: 2 })).toBe(false);
    expect(validate({ ...body, priority: 'urgent' })).toBe(false);
  });

  test('carries what a receiver needs: event type, stable id, watchlist, priority, actors, terms, story, sources, hits', () => {
    const alert = seedChannelAlert();
    const body = renderWebhookPayload(alert);
    expect(body).toMatchObject({
      version: 1,
      type: 'alert.created',
      id: alert.id,
      watchlist: { id: 'ukraine-peace-talks', name: 'Ukraine peace talks' },
      priority: 'high',
      actors: ['putin', 'witkoff'],
      terms: ['peace plan'],
      story: {
        title: alert.story.title,
        link: alert.story.link,
        lang: 'en',
        publishedAt: alert.story.publishedAt,
      },
      sources: [{ storyId: alert.story.id, feedId: 'world' }],
    });
    expect(body.snippet.hits.map((h) => body.snippet.text.slice(h.start, h.end))).toEqual([
      'Putin',
      'Witkoff',
      'peace plan',
    ]);
  });
});

describe('webhook delivery to a local receiver', () => {
  let receiver: ChatReceiver;
  beforeEach(async () => {
    receiver = await startChatReceiver();
  });
  afterEach(() => receiver.close());
  const secret = 'whsec_test_7c1f';
  const local = { policy: { allowLoopback: true }, backoffMs: 20 };

  test('signed requests verify with a separate implementation and with the documented snippet', async () => {
    const channel = new WebhookChannel({ id: 'siem', url: receiver.url('/hook'), secret }, local);
    const alert = seedChannelAlert();
    const [result] = await channel.deliver([alert]);
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1 });
    const [request] = receiver.on('/hook');
    expect(request!.headers['x-newsalert-event']).toBe('alert.created');
    expect(request!.headers['x-newsalert-id']).toBe(alert.id);
    expect(Math.abs(Number(request!.headers['x-newsalert-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(await verifiedByWebCrypto(secret, request!)).toBe(true);
    const verify = documentedVerifier();
    const { 'x-newsalert-timestamp': ts, 'x-newsalert-signature': sig } = request!.headers;
    expect(verify(secret, ts, sig, Buffer.from(request!.body))).toBe(true);
    // The checks fail on a wrong secret, a changed body, and a timestamp outside the window.
    expect(await verifiedByWebCrypto('other', request!)).toBe(false);
    expect(verify('other', ts, sig, request!.body)).toBe(false);
    expect(verify(secret, ts, sig, request!.body.replace('Putin', 'Putim'))).toBe(false);
    expect(verify(secret, ts, sig, request!.body, -1)).toBe(false);
    expectValid(JSON.parse(request!.body));
  });

  test('a retry sends the same body and id, signed again', async () => {
    receiver.reply('/hook', { status: 502 }, { status: 204, body: '' });
    const channel = new WebhookChannel({ id: 'siem', url: receiver.url('/hook'), secret }, local);
    const [result] = await channel.deliver([seedChannelAlert()]);
    expect(result).toMatchObject({ ok: true, status: 204, attempts: 2 });
    const [first, second] = receiver.on('/hook');
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['x-newsalert-id']).toBe(first!.headers['x-newsalert-id']);
    expect(await verifiedByWebCrypto(secret, first!)).toBe(true);
    expect(await verifiedByWebCrypto(secret, second!)).toBe(true);
  });

  test('per-entry results: one alert refused, the others delivered, in order', async () => {
    receiver.reply('/hook', { status: 200 });
    receiver.reply('/gone', { status: 410, body: 'gone' });
    const good = new WebhookChannel({ id: 'siem', url: receiver.url('/hook'), secret }, local);
    const alerts = Array.from({ length: 6 }, (_, i) => seedChannelAlert({ id: `a${i}` }));
    const results = await good.deliver(alerts);
    expect(results.map((r) => [r.alertId, r.ok])).toEqual(alerts.map((a) => [a.id, true]));
    expect(new Set(receiver.on('/hook').map((r) => r.headers['x-newsalert-id']))).toEqual(
      new Set(alerts.map((a) => a.id)),
    );
    const gone = new WebhookChannel({ id: 'old-siem', url: receiver.url('/gone'), secret }, local);
    const [refused] = await gone.deliver([alerts[0]!]);
    expect(refused).toMatchObject({
      ok: false,
      retryable: false,
      status: 410,
      reason: 'webhook destination old-siem: HTTP 410: gone',
    });
  });

  test('a destination without a secret is refused when the channel is made', () => {
    expect(() => new WebhookChannel({ id: 'siem', url: receiver.url('/hook') })).toThrow(
      'webhook destination siem has no signing secret',
    );
  });
});
