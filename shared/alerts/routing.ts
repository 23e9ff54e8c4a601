import { attributeValues, type Alert, type DeliveryChannel } from './alert';
import { langOf, PRIORITIES, priorityOf, type AlertMatch, type Priority } from './alert-match';

/**
 * What a subscriber (or a chat destination) chose to receive. Empty lists mean "any". The
 * one routing model: SNS gets it as a filter policy (`buildFilterPolicy`), channels without
 * filter policies evaluate it in-process ({@link routeAccepts}); both read the same facts.
 */
export interface SubscriberChoice {
  protocol: 'email' | 'sms';
  /** Watchlist ids. @default [] (every watchlist) */
  watchlists?: readonly string[];
  /** Actor ids: alerts naming at least one of them. @default [] (any actor) */
  actors?: readonly string[];
  /** Alerts of this priority and above. @default 'low' (every alert) */
  minPriority?: Priority;
  /** Story languages (`lang` attribute). @default [] (any language) */
  langs?: readonly string[];
  /** E-mail only: also the daily digest per watchlist. @default false */
  dailyDigest?: boolean;
  /** E-mail only: the daily digest instead of each alert. @default false */
  digestOnly?: boolean;
}

/** What routing decides on, for one alert or digest (SNS carries them as message attributes). */
export interface RoutingFacts {
  watchlist: string;
  actors: readonly string[];
  priority: string;
  lang: string;
  /**
   * Who the message is for: `email` and `sms` alerts, `email-digest` (the daily digest).
   * An alert over the SMS cap is for `email` only; an SMS digest is for `sms` only.
   */
  delivery: readonly DeliveryChannel[];
}

/** The facts of a match alert. @param delivery `['email']` when its SMS went over the cap */
export function matchFacts(match: AlertMatch, delivery: readonly DeliveryChannel[]): RoutingFacts {
  return {
    watchlist: match.watchlistId,
    actors: match.actors,
    priority: priorityOf(match),
    lang: langOf(match.story),
    delivery,
  };
}

/**
 * The `delivery` values a choice accepts. Always one at least: it keeps SMS digests out of
 * mailboxes, alerts over the SMS cap off phones, and the daily digest from those who did
 * not ask for it.
 */
export function acceptedDelivery(choice: SubscriberChoice): DeliveryChannel[] {
  if (choice.protocol === 'sms') return ['sms'];
  if (choice.digestOnly) return ['email-digest'];
  return choice.dailyDigest ? ['email', 'email-digest'] : ['email'];
}

/** The priorities a choice accepts, lowest first; undefined when it sets no minimum (any priority). */
export function acceptedPriorities(choice: SubscriberChoice): Priority[] | undefined {
  const min = PRIORITIES.indexOf(choice.minPriority ?? 'low');
  return min > 0 ? PRIORITIES.slice(min) : undefined;
}

/**
 * Whether a message with these facts goes to a subscriber with this choice, decided
 * in-process the way SNS decides on the choice's filter policy: each list the choice sets
 * must share a value with the facts.
 */
export function routeAccepts(choice: SubscriberChoice, facts: RoutingFacts): boolean {
  const any = (accepted: readonly string[] | undefined, values: readonly string[]) =>
    !accepted?.length || values.some((v) => accepted.includes(v));
  return (
    any(choice.watchlists, [facts.watchlist]) &&
    any(choice.actors, facts.actors) &&
    any(acceptedPriorities(choice), [facts.priority]) &&
    any(choice.langs, [facts.lang]) &&
    any(acceptedDelivery(choice), facts.delivery)
  );
}

/** The facts an alert or digest rendered for SNS carries in its message attributes (stored digests). */
export function factsOfAlert(alert: Pick<Alert, 'attributes'>): RoutingFacts {
  const one = (name: string) => attributeValues(alert, name)[0] ?? '';
  return {
    watchlist: one('watchlist'),
    actors: attributeValues(alert, 'actors'),
    priority: one('priority'),
    lang: one('lang'),
    delivery: attributeValues(alert, 'delivery') as DeliveryChannel[],
  };
}
