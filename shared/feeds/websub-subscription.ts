import { randomBytes } from 'node:crypto';
import type { WebSubLinks } from './websub-discovery';

/** Our subscription to one feed's hub, as stored (one item per feed). */
export interface WebSubSubscription {
  feedId: string;
  hub: string;
  topic: string;
  /** The callback URL the hub posts to. */
  callback: string;
  /** The HMAC secret given to the hub (hex, under the 200 bytes WebSub allows). */
  secret: string;
  /** requested: waiting for the hub's verification; active: verified, leased; denied: the hub said no. */
  status: 'requested' | 'active' | 'denied';
  /** ISO times. */
  requestedAt: string;
  verifiedAt?: string;
  /** When the lease the hub granted ends (active only). */
  leaseUntil?: string;
  /** The hub's reason, when it denied. */
  reason?: string;
}

/** When subscriptions are asked for and renewed. */
export interface RenewalOptions {
  /**
   * Lease asked of the hub, in seconds (the hub may grant another).
   * @default 864000 (ten days, WebSub's usual default)
   */
  leaseSeconds?: number;
  /**
   * Renew a lease this long before it ends (or at a fifth of it, when that is longer), so a
   * renewal run that fails still has later runs before the lease lapses.
   * @default 86400
   */
  renewBeforeSeconds?: number;
  /**
   * Ask again when a hub has not verified a request (or denied one) after this long.
   * @default 3600 for unverified, 24 x that for denied
   */
  retrySeconds?: number;
}

/** The defaults of {@link RenewalOptions}. */
export const DEFAULT_RENEWAL: Required<RenewalOptions> = {
  leaseSeconds: 864_000,
  renewBeforeSeconds: 86_400,
  retrySeconds: 3600,
};

/** The callback URL of a feed under the callback endpoint's base URL. */
export function callbackUrl(base: string, feedId: string): string {
  return `${base.replace(/\/+$/, '')}/feeds/${encodeURIComponent(feedId)}`;
}

/** A fresh subscription request (a new secret each time: a leaked old one stops working). */
export function newSubscription(
  feedId: string,
  links: WebSubLinks,
  callbackBase: string,
  now: Date,
): WebSubSubscription {
  return {
    feedId,
    hub: links.hub,
    topic: links.topic,
    callback: callbackUrl(callbackBase, feedId),
    secret: randomBytes(32).toString('hex'),
    status: 'requested',
    requestedAt: now.toISOString(),
  };
}

/**
 * Why a feed needs a (new) subscription request now, or undefined when it does not: no
 * subscription yet, the feed names another hub or topic, a lease near its end, a request the
 * hub never verified, or a denial a day old.
 */
export function renewalReason(
  links: WebSubLinks,
  current: WebSubSubscription | undefined,
  now: Date,
  options: RenewalOptions = {},
): string | undefined {
  const o = { ...DEFAULT_RENEWAL, ...options };
  if (!current) return 'not subscribed';
  if (current.hub !== links.hub || current.topic !== links.topic)
    return 'the feed names another hub or topic';
  const age = (now.getTime() - Date.parse(current.requestedAt)) / 1000;
  if (current.status === 'requested')
    return age >= o.retrySeconds ? 'the hub never verified the request' : undefined;
  if (current.status === 'denied')
    return age >= o.retrySeconds * 24 ? 'denied a day ago; asking again' : undefined;
  const until = Date.parse(current.leaseUntil ?? '');
  const verified = Date.parse(current.verifiedAt ?? current.requestedAt);
  const lease = (until - verified) / 1000;
  const margin = Math.max(o.renewBeforeSeconds, lease / 5);
  if (Number.isNaN(until) || (until - now.getTime()) / 1000 <= margin) return 'the lease ends soon';
  return undefined;
}

/** What the hub's verification request (GET on the callback) asks. */
export interface IntentQuery {
  'hub.mode'?: string;
  'hub.topic'?: string;
  'hub.challenge'?: string;
  'hub.lease_seconds'?: string;
  'hub.reason'?: string;
}

/** Our answer to a verification request, and the subscription to store after it (if changed). */
export interface IntentAnswer {
  status: number;
  body: string;
  updated?: WebSubSubscription;
}

/**
 * Answers a hub's verification of intent (WebSub, section 5.3): the challenge echoed with a
 * 200 when we did ask for this topic (the subscription becomes active with the lease the hub
 * granted), 404 when we did not (a hub, or anyone, asking about a topic we never requested).
 * A denial (`hub.mode=denied`) is recorded and acknowledged.
 */
export function answerIntent(
  query: IntentQuery,
  current: WebSubSubscription | undefined,
  now: Date,
): IntentAnswer {
  const mode = query['hub.mode'];
  if (!current || query['hub.topic'] !== current.topic) return { status: 404, body: 'no such subscription' };
  if (mode === 'denied')
    return {
      status: 200,
      body: '',
      updated: { ...current, status: 'denied', reason: query['hub.reason'] ?? 'no reason given' },
    };
  // We never unsubscribe a topic we still want; an unsubscribe request for it is not ours.
  if (mode !== 'subscribe' || !query['hub.challenge']) return { status: 404, body: 'not a request of ours' };
  const lease = Number(query['hub.lease_seconds']);
  if (!Number.isInteger(lease) || lease <= 0) return { status: 404, body: 'hub.lease_seconds is missing' };
  return {
    status: 200,
    body: query['hub.challenge'],
    updated: {
      ...current,
      status: 'active',
      verifiedAt: now.toISOString(),
      leaseUntil: new Date(now.getTime() + lease * 1000).toISOString(),
      reason: undefined,
    },
  };
}
