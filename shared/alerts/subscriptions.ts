import { SubscriptionError } from '../errors';
import { E164, EMAIL, ID } from '../validators';
import { buildFilterPolicy, policyProblems, type FilterPolicy, type SubscriberChoice } from './filter-policy';

/** One subscriber of the alert topic. */
export interface Subscription {
  /** The SNS subscription ARN, `PendingConfirmation` for an e-mail not yet confirmed, or `local:<n>` locally. */
  id: string;
  protocol: string;
  /** E-mail address or E.164 phone number. */
  endpoint: string;
  /** `confirmed`, `pending confirmation` (e-mail waiting for its link to be clicked) or `local`. */
  status: 'confirmed' | 'pending confirmation' | 'local';
  /** The filter policy; undefined means every message. */
  filterPolicy?: FilterPolicy;
}

/** What a subscribe call did. */
export interface SubscribeResult {
  subscription: Subscription;
  /** True when the endpoint was subscribed already and only its filter policy changed. */
  updated: boolean;
}

/** Subscribers of the alerts: the SNS topic in AWS, a file in the data folder locally. */
export interface SubscriptionDirectory {
  /** Subscribes the endpoint with the choice's filter policy, or updates the policy of its existing subscription. */
  subscribe(endpoint: string, choice: SubscriberChoice): Promise<SubscribeResult>;
  list(): Promise<Subscription[]>;
  /** Removes the subscription with this id, or every subscription of this address; returns those removed. */
  unsubscribe(idOrAddress: string): Promise<Subscription[]>;
}

/** Checks an address for its protocol; throws a SubscriptionError naming it and the expected form. */
export function validateEndpoint(protocol: 'email' | 'sms', endpoint: string): string {
  const value = endpoint.trim();
  if (protocol === 'email' && !EMAIL.test(value))
    throw new SubscriptionError(`--email ${endpoint}: not an e-mail address (expected e.g. ops@example.com)`);
  if (protocol === 'sms' && !E164.test(value)) {
    throw new SubscriptionError(
      `--sms ${endpoint}: not an E.164 phone number (expected a plus sign, the country code and the number, no spaces, e.g. +14155550100)`,
    );
  }
  return value;
}

/**
 * Validates a choice (ids, protocol-specific options) and builds its filter policy, checked
 * against the SNS limits; throws a SubscriptionError with every problem on one line.
 * @param known watchlist and actor ids from the configuration, to catch typos; skipped when absent
 */
export function checkedPolicy(
  choice: SubscriberChoice,
  known?: { watchlists: ReadonlySet<string>; actors: ReadonlySet<string>; where?: string },
): FilterPolicy {
  const problems: string[] = [];
  for (const id of choice.watchlists ?? []) {
    if (!ID.test(id))
      problems.push(`--watchlist ${id}: not a watchlist id (lower-case letters, digits, "_" or "-")`);
    else if (known && !known.watchlists.has(id))
      problems.push(
        `--watchlist ${id}: no such watchlist${known.where ? ` runs in ${known.where}` : ''} (known: ${[...known.watchlists].join(', ') || 'none'})`,
      );
  }
  for (const id of choice.actors ?? []) {
    if (!ID.test(id))
      problems.push(`--actor ${id}: not an actor id (lower-case letters, digits, "_" or "-")`);
    else if (known && !known.actors.has(id))
      problems.push(
        `--actor ${id}: no watchlist${known.where ? ` that runs in ${known.where}` : ''} has this actor`,
      );
  }
  if (choice.protocol === 'sms' && (choice.dailyDigest || choice.digestOnly))
    problems.push('the daily digest is sent by e-mail: drop --daily-digest/--digest-only for --sms');
  const policy = buildFilterPolicy(choice);
  problems.push(...policyProblems(policy));
  if (problems.length > 0) throw new SubscriptionError(problems.join('; '));
  return policy;
}

/** A one-line description of a policy, for terminal output. */
export function describePolicy(policy: FilterPolicy | undefined): string {
  if (!policy) return 'everything (no filter policy)';
  return Object.entries(policy)
    .map(([key, values]) => `${key}=${values.join('|')}`)
    .join(' ');
}
