import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Command } from 'commander';
import { PRIORITIES, type Priority } from '../../shared/alerts/alert-match';
import type { SubscriberChoice } from '../../shared/alerts/filter-policy';
import { LocalSubscriptions } from '../../shared/alerts/local-subscriptions';
import { SnsSubscriptions } from '../../shared/alerts/sns-subscriptions';
import {
  checkedPolicy,
  describePolicy,
  validateEndpoint,
  type SubscriptionDirectory,
} from '../../shared/alerts/subscriptions';
import { loadWatchlists } from '../../shared/config/load-config';
import { SubscriptionError } from '../../shared/errors';
import { localFiles } from '../local-pipeline';
import { Output } from '../output';
import { DEFAULT_CONFIG_DIR } from '../paths';

/** Where subscribers live: an SNS topic, or the local data folder. */
export interface TargetOptions {
  /** The alert topic's ARN; without it, the local subscribers in `--data`. */
  topicArn?: string;
  /** Local data folder. @default ".newsalert" */
  data: string;
}

/** Options of `newsalert subscribe`. */
export interface SubscribeOptions extends TargetOptions {
  email?: string;
  sms?: string;
  /** @default [] (every watchlist) */
  watchlist: string[];
  /** @default [] (any actor) */
  actor: string[];
  /** @default 'low' (every alert) */
  minPriority?: string;
  /** @default [] (any language) */
  lang: string[];
  /** @default false */
  dailyDigest?: boolean;
  /** @default false */
  digestOnly?: boolean;
  /** Folder whose watchlists/ the ids are checked against. @default the project's config/ */
  config: string;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** The subscriber directory the options point at. */
export function subscriptionTarget(options: TargetOptions): SubscriptionDirectory & { where: string } {
  if (options.topicArn !== undefined) {
    const region = TOPIC_ARN.exec(options.topicArn)?.[1];
    if (!region)
      throw new SubscriptionError(
        `--topic-arn ${options.topicArn}: not an SNS topic ARN (expected arn:aws:sns:REGION:ACCOUNT:NAME, see the stack's TopicArn output)`,
      );
    return Object.assign(new SnsSubscriptions(new SNSClient({ region }), options.topicArn), {
      where: options.topicArn,
    });
  }
  const file = localFiles(resolve(options.data)).subscriptions;
  return Object.assign(new LocalSubscriptions(file), { where: file });
}

/** `newsalert subscribe`: an e-mail or SMS subscriber with a filter policy on the alert attributes. */
export async function subscribeCommand(options: SubscribeOptions, out = new Output()): Promise<void> {
  if (Boolean(options.email) === Boolean(options.sms))
    throw new SubscriptionError('give one of --email ADDRESS or --sms +E164NUMBER');
  const protocol = options.email ? 'email' : 'sms';
  const endpoint = validateEndpoint(protocol, (options.email ?? options.sms)!);
  if (options.minPriority !== undefined && !(PRIORITIES as readonly string[]).includes(options.minPriority)) {
    throw new SubscriptionError(
      `--min-priority ${options.minPriority}: expected one of ${PRIORITIES.join(', ')}`,
    );
  }
  const choice: SubscriberChoice = {
    protocol,
    watchlists: options.watchlist,
    actors: options.actor,
    minPriority: options.minPriority as Priority | undefined,
    langs: options.lang,
    dailyDigest: options.dailyDigest,
    digestOnly: options.digestOnly,
  };
  // Everything is checked before AWS is called: ids against the configuration, the policy
  // against the SNS limits.
  checkedPolicy(choice, knownIds(options.config));
  const target = subscriptionTarget(options);
  const { subscription, updated } = await target.subscribe(endpoint, choice);
  out.line(
    `${updated ? 'updated' : 'subscribed'} ${protocol} ${endpoint} (${subscription.id}) at ${target.where}`,
  );
  out.line(`  receives: ${describePolicy(subscription.filterPolicy)}`);
  if (options.topicArn === undefined) {
    out.line('  local: the outbox rows of matching alerts list it under "recipients"');
    return;
  }
  if (subscription.status === 'pending confirmation') {
    out.line(
      `  AWS has sent a confirmation e-mail to ${endpoint}: nothing is delivered until the link in it is clicked`,
    );
  }
  if (protocol === 'sms')
    out.line(
      '  SMS: an account in the SMS sandbox delivers only to verified numbers, within a 1 USD monthly spend limit',
    );
  out.line('  SNS applies a new or changed filter policy within up to 15 minutes');
}

/** `newsalert subscribers list`. */
export async function listCommand(
  options: TargetOptions & { json?: boolean },
  out = new Output(),
): Promise<void> {
  const subscriptions = await subscriptionTarget(options).list();
  if (options.json) {
    out.line(
      JSON.stringify(
        subscriptions.map((s) => ({
          id: s.id,
          protocol: s.protocol,
          endpoint: s.endpoint,
          status: s.status,
          filterPolicy: s.filterPolicy ?? null,
        })),
      ),
    );
    return;
  }
  if (subscriptions.length === 0) {
    out.line('no subscribers');
    return;
  }
  for (const s of subscriptions)
    out.line(
      `${s.protocol.padEnd(5)} ${s.endpoint.padEnd(30)} ${s.status.padEnd(20)} ${describePolicy(s.filterPolicy)}  ${s.id}`,
    );
}

/** `newsalert unsubscribe <arn-or-address>`. */
export async function unsubscribeCommand(
  idOrAddress: string,
  options: TargetOptions,
  out = new Output(),
): Promise<void> {
  const target = subscriptionTarget(options);
  const removed = await target.unsubscribe(idOrAddress);
  if (removed.length === 0)
    throw new SubscriptionError(
      `${idOrAddress}: no such subscriber at ${target.where} (see \`newsalert subscribers list\`)`,
    );
  for (const s of removed) out.line(`unsubscribed ${s.protocol} ${s.endpoint} (${s.id})`);
}

// Ids are checked against the configured watchlists when the folder has them: a typo in
// --watchlist would otherwise make a subscription that silently never matches.
function knownIds(configDir: string): { watchlists: Set<string>; actors: Set<string> } | undefined {
  const dir = join(resolve(configDir), 'watchlists');
  if (!existsSync(dir)) return undefined;
  const watchlists = loadWatchlists(dir);
  return {
    watchlists: new Set(watchlists.map((w) => w.id)),
    actors: new Set(watchlists.flatMap((w) => w.actors.map((a) => a.id))),
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

function targetOptions(command: Command): Command {
  return command
    .option(
      '--topic-arn <arn>',
      'the alert topic (the stack output TopicArn); without it, the local subscribers in --data',
    )
    .option('--data <dir>', 'local data folder', '.newsalert');
}

/** Adds `subscribe`, `subscribers list` and `unsubscribe` to the CLI. */
export function registerSubscribers(program: Command): void {
  targetOptions(
    program
      .command('subscribe')
      .description(
        'subscribe an e-mail address or phone to alerts, filtered by watchlist, actor, priority and language',
      )
      .option('--email <address>', 'e-mail subscriber (SNS sends a confirmation e-mail first)')
      .option('--sms <number>', 'SMS subscriber, E.164 (+14155550100)')
      .option('--watchlist <id>', 'only this watchlist (repeat for more)', collect, [])
      .option('--actor <id>', 'only alerts naming this actor (repeat for more)', collect, [])
      .option('--min-priority <level>', `only alerts of this priority or higher (${PRIORITIES.join(', ')})`)
      .option('--lang <code>', 'only stories in this language (repeat for more)', collect, [])
      .option('--daily-digest', 'e-mail: also the daily digest per watchlist')
      .option('--digest-only', 'e-mail: the daily digest instead of each alert')
      .option('--config <dir>', 'folder whose watchlists/ the ids are checked against', DEFAULT_CONFIG_DIR),
  ).action((options: SubscribeOptions) => subscribeCommand(options));

  const subscribers = program.command('subscribers').description('list the alert subscribers');
  targetOptions(
    subscribers
      .command('list')
      .description('list subscribers with what each receives')
      .option('--json', 'one JSON array on stdout'),
  ).action((options: TargetOptions & { json?: boolean }) => listCommand(options));

  targetOptions(
    program
      .command('unsubscribe <arn-or-address>')
      .description('remove a subscriber (by subscription ARN, local id or address)'),
  ).action((idOrAddress: string, options: TargetOptions) => unsubscribeCommand(idOrAddress, options));
}
