import { postWithRetries, retryAfterMs } from '../../../shared/alerts/channels/http-delivery';
import { redactUrl } from '../../../shared/alerts/channels/redact-url';
import { startChatReceiver, type ChatReceiver } from '../../support/chat-receiver';

const local = { policy: { allowLoopback: true }, backoffMs: 20 };
let receiver: ChatReceiver;

beforeEach(async () => {
  receiver = await startChatReceiver();
});
afterEach(() => receiver.close());

describe('postWithRetries on a local receiver', () => {
  test('a 429 with Retry-After waits that long, then delivers', async () => {
    receiver.reply(
      '/hook',
      { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' },
      { status: 200 },
    );
    const result = await postWithRetries({ url: receiver.url('/hook'), body: '{"a":1}' }, local);
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 });
    const [first, second] = receiver.on('/hook');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    expect(second!.body).toBe('{"a":1}');
  });

  test('a 500 then a 200 is one delivery after one retry', async () => {
    receiver.reply('/hook', { status: 500, body: 'oops' }, { status: 200 });
    const result = await postWithRetries({ url: receiver.url('/hook'), body: '{}' }, local);
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(receiver.on('/hook')).toHaveLength(2);
  });

  test('5xx every time: a retryable failure after the configured attempts', async () => {
    receiver.reply('/hook', { status: 503, body: 'down' });
    const result = await postWithRetries(
      { url: receiver.url('/hook'), body: '{}' },
      { ...local, attempts: 3 },
    );
    expect(result).toMatchObject({ ok: false, status: 503, attempts: 3, retryable: true });
    expect(receiver.on('/hook')).toHaveLength(3);
  });

  test('a 4xx other than 408/429 is not retried', async () => {
    receiver.reply('/hook', { status: 400, body: 'invalid_blocks' });
    const result = await postWithRetries({ url: receiver.url('/hook'), body: '{}' }, local);
    expect(result).toMatchObject({ ok: false, status: 400, attempts: 1, retryable: false });
    if (!result.ok) expect(result.reason).toBe('HTTP 400: invalid_blocks');
  });

  test('a Retry-After longer than the wait allowed ends at once, retryable, with the wait', async () => {
    receiver.reply('/hook', { status: 429, headers: { 'retry-after': '120' } });
    const started = performance.now();
    const result = await postWithRetries(
      { url: receiver.url('/hook'), body: '{}' },
      { ...local, maxWaitMs: 5000 },
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120000, attempts: 1 });
  });

  test('a receiver that never answers is a timeout failure, not a hang', async () => {
    receiver.reply('/hook', 'hang');
    const started = performance.now();
    const result = await postWithRetries(
      { url: receiver.url('/hook'), body: '{}' },
      { ...local, timeoutMs: 300, attempts: 2 },
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ ok: false, retryable: true, attempts: 2 });
    if (!result.ok) expect(result.reason).toBe('no answer within 300 ms');
    expect(receiver.on('/hook')).toHaveLength(2);
  });

  test('loopback destinations are refused unless NEWSALERT_ALLOW_LOOPBACK=true', async () => {
    const saved = process.env.NEWSALERT_ALLOW_LOOPBACK;
    try {
      delete process.env.NEWSALERT_ALLOW_LOOPBACK;
      const refused = await postWithRetries({ url: receiver.url('/hook'), body: '{}' });
      expect(refused).toMatchObject({ ok: false, retryable: false, attempts: 0 });
      if (!refused.ok) expect(refused.reason).toMatch(/127\.0\.0\.1 is a loopback address/);
      const viaName = await postWithRetries({
        url: receiver.url('/hook').replace('127.0.0.1', 'localhost'),
        body: '{}',
      });
      expect(viaName.ok).toBe(false);
      expect(receiver.received).toHaveLength(0);
      process.env.NEWSALERT_ALLOW_LOOPBACK = 'true';
      expect(await postWithRetries({ url: receiver.url('/hook'), body: '{}' })).toMatchObject({ ok: true });
    } finally {
      if (saved === undefined) delete process.env.NEWSALERT_ALLOW_LOOPBACK;
      else process.env.NEWSALERT_ALLOW_LOOPBACK = saved;
    }
  });

  test('private and metadata addresses are refused even in local mode', async () => {
    const result = await postWithRetries(
      { url: 'http://169.254.169.254/latest/meta-data', body: '{}' },
      local,
    );
    expect(result).toMatchObject({ ok: false, retryable: false });
    if (!result.ok) expect(result.reason).toMatch(/link-local/);
  });

  test('the URL (a secret) never appears in a reason, even when the receiver echoes it', async () => {
    const path = '/services/T0001/B0002/s3cr3tT0k3n?sig=abc123sig';
    const url = receiver.url(path);
    receiver.reply(path, { status: 500, body: `no route for ${url} (${path})` });
    const result = await postWithRetries({ url, body: '{}' }, { ...local, attempts: 2 });
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).not.toContain('s3cr3tT0k3n');
    expect(text).not.toContain('abc123sig');
    expect(redactUrl(url)).toBe(`${new URL(url).protocol}//${new URL(url).host}/***`);
  });

  test('a connection refused is a retryable network failure', async () => {
    const url = receiver.url('/hook');
    await receiver.close();
    const result = await postWithRetries({ url, body: '{}' }, { ...local, attempts: 2 });
    expect(result).toMatchObject({ ok: false, retryable: true, attempts: 2 });
    if (!result.ok) expect(result.reason).toBe('network error ECONNREFUSED');
    receiver = await startChatReceiver();
  });
});

describe('retryAfterMs', () => {
  test('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 02 Dec 2026 06:00:10 GMT', Date.parse('2026-12-02T06:00:00Z'))).toBe(10000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
