import type { MessageAttribute } from './alert';
import { PRIORITIES, type Priority } from './alert-match';
import { SNS_LIMITS } from './sns-limits';

/** A subscription filter policy as we write them: attribute name -> accepted values. */
export type FilterPolicy = Record<string, string[]>;

/** What a subscriber chose to receive. Empty lists mean "any". */
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

/**
 * The SNS filter policy (scope: message attributes) for a subscriber's choice. The
 * `delivery` key is always there: it keeps SMS digests out of mailboxes, alerts over the SMS
 * cap off phones, and the daily digest from those who did not ask for it.
 */
export function buildFilterPolicy(choice: SubscriberChoice): FilterPolicy {
  const policy: FilterPolicy = {};
  if (choice.watchlists?.length) policy.watchlist = unique(choice.watchlists);
  if (choice.actors?.length) policy.actors = unique(choice.actors);
  const min = PRIORITIES.indexOf(choice.minPriority ?? 'low');
  if (min > 0) policy.priority = PRIORITIES.slice(min);
  if (choice.langs?.length) policy.lang = unique(choice.langs);
  if (choice.protocol === 'sms') policy.delivery = ['sms'];
  else if (choice.digestOnly) policy.delivery = ['email-digest'];
  else policy.delivery = choice.dailyDigest ? ['email', 'email-digest'] : ['email'];
  return policy;
}

/** The number of value combinations SNS counts for a policy: the product of the value counts. */
export function policyCombinations(policy: FilterPolicy): number {
  return Object.values(policy).reduce((n, values) => n * Math.max(1, values.length), 1);
}

/** Every way the policy breaks an SNS limit (at most 5 keys, 150 combinations, 256 KiB); empty when it is fine. */
export function policyProblems(policy: FilterPolicy): string[] {
  const problems: string[] = [];
  const keys = Object.keys(policy);
  if (keys.length > SNS_LIMITS.filterPolicyKeys) {
    problems.push(
      `the filter policy has ${keys.length} keys (${keys.join(', ')}); SNS allows at most ${SNS_LIMITS.filterPolicyKeys}`,
    );
  }
  const combinations = policyCombinations(policy);
  if (combinations > SNS_LIMITS.filterPolicyCombinations) {
    const counts = keys.map((k) => `${policy[k]!.length} ${k}`).join(' x ');
    problems.push(
      `the filter policy has ${combinations} value combinations (${counts}); SNS allows at most ${SNS_LIMITS.filterPolicyCombinations}: choose fewer watchlists or actors`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(policy));
  if (bytes > SNS_LIMITS.filterPolicyBytes)
    problems.push(`the filter policy is ${bytes} bytes; SNS allows at most ${SNS_LIMITS.filterPolicyBytes}`);
  return problems;
}

/**
 * Whether a message with these attributes passes the policy, as SNS decides for the
 * policies we write (exact string values): every key must be present, a String value must
 * be listed, a String.Array must have at least one listed value.
 */
export function policyAccepts(
  policy: FilterPolicy | undefined,
  attributes: Record<string, MessageAttribute>,
): boolean {
  if (!policy) return true;
  return Object.entries(policy).every(([key, accepted]) => {
    const attribute = attributes[key];
    if (!attribute) return false;
    const values =
      attribute.DataType === 'String.Array'
        ? (JSON.parse(attribute.StringValue) as unknown[]).map(String)
        : [attribute.StringValue];
    return values.some((v) => accepted.includes(v));
  });
}

/** A policy read back from SNS (JSON text), reduced to the exact-value form we write; undefined when none. */
export function parseFilterPolicy(json: string | undefined): FilterPolicy | undefined {
  if (!json) return undefined;
  const parsed = JSON.parse(json) as Record<string, unknown>;
  const policy: FilterPolicy = {};
  for (const [key, values] of Object.entries(parsed)) {
    policy[key] = (Array.isArray(values) ? values : [values]).map((v) =>
      typeof v === 'string' ? v : JSON.stringify(v),
    );
  }
  return policy;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
