import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WebSubError } from '../errors';
import { checkLiteralHost, guardedLookup, type AddressPolicy } from './address-guard';
import { DEFAULT_USER_AGENT } from './fetch-feed';
import type { WebSubSubscription } from './websub-subscription';

/** Options of {@link requestSubscription}. */
export interface HubClientOptions extends AddressPolicy {
  /**
   * Time allowed for the hub to answer, in milliseconds.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Lease asked for, in seconds.
   * @default 864000
   */
  leaseSeconds?: number;
}

/**
 * Asks a hub to subscribe our callback to a topic (WebSub, section 5.1): a form POST of
 * hub.mode, hub.topic, hub.callback, hub.secret and hub.lease_seconds. The hub answers 202
 * and verifies the intent later with a GET on the callback. The hub URL comes from a feed,
 * so it goes through the same address guard as feed fetches. Throws WebSubError naming the
 * hub and the topic.
 */
export async function requestSubscription(
  subscription: Pick<WebSubSubscription, 'hub' | 'topic' | 'callback' | 'secret'>,
  options: HubClientOptions = {},
): Promise<void> {
  const form = new URLSearchParams({
    'hub.mode': 'subscribe',
    'hub.topic': subscription.topic,
    'hub.callback': subscription.callback,
    'hub.secret': subscription.secret,
    'hub.lease_seconds': String(options.leaseSeconds ?? 864_000),
  }).toString();
  const where = `hub ${subscription.hub} (topic ${subscription.topic})`;
  let url: URL;
  try {
    url = new URL(subscription.hub);
    checkLiteralHost(url, options);
  } catch (err) {
    throw new WebSubError(`${where}: ${(err as Error).message}`, { cause: err });
  }
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options),
        timeout: options.timeoutMs ?? 10_000,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(form),
          'user-agent': DEFAULT_USER_AGENT,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          // A hub's answer is a status line; keep only the start of whatever it says.
          if (size < 1000) chunks.push(c);
          size += c.length;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(form);
  }).catch((err: Error) => {
    throw new WebSubError(`${where}: ${err.message}`, { cause: err });
  });
  if (status < 200 || status > 299)
    throw new WebSubError(
      `${where}: subscription refused with HTTP ${status}${body ? `: ${body.trim().slice(0, 200)}` : ''}`,
    );
}
