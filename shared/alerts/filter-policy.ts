import type { MessageAttribute } from './alert';
import { acceptedDelivery, acceptedPriorities, type SubscriberChoice } from './routing';
import { SNS_LIMITS } from './sns-limits';

/** A subscription filter policy as we write them: attribute name -> accepted values. */
export type FilterPolicy = Record<string, string[]>;

export type { SubscriberChoice } from './routing';

/**
 * The SNS rendering of a subscriber's choice: its filter policy (scope: message attributes).
 * The `delivery` key is always there (see {@link acceptedDelivery}).
 */
export function buildFilterPolicy(choice: SubscriberChoice): FilterPolicy {
  const policy: FilterPolicy = {};
  if (choice.watchlists?.length) policy.watchlist = unique(choice.watchlists);
  if (choice.actors?.length) policy.actors = unique(choice.actors);
  const priorities = acceptedPriorities(choice);
  if (priorities) policy.priority = priorities;
  if (choice.langs?.length) policy.lang = unique(choice.langs);
  policy.delivery = acceptedDelivery(choice);
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
