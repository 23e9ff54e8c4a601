import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
import { readStackResources } from '../../shared/aws/stack-outputs';
import { loadWatchlists } from '../../shared/config/load-config';
import { isEnabled } from '../../shared/config/watchlist-enabled';
import { SubscriptionError } from '../../shared/errors';
import { ConfigRepository } from '../../shared/store/config-repository';
import { openLocalStore } from '../../shared/store/open-local-store';
import type { Watchlist } from '../../shared/watchlists/watchlist';
import { localFiles } from '../local-pipeline';
import { Output } from '../output';
import { DEFAULT_CONFIG_DIR } from '../paths';

/** Where subscribers live: a deployed stack's topic, an SNS topic, or the local data folder. */
export interface TargetOptions {
  /** A deployed stack: its alert topic, and its table's watchlists for the id checks. */
  stack?: string;
  /** AWS region of `stack`. @default the AWS SDK's */
  region?: string;
  /** The alert topic's ARN; without it (and without `stack`), the local subscribers in `--data`. */
  topicArn?: string;
  /** Local data folder. @default ".newsalert" */
  data: string;
}

/** The watchlist and actor ids a subscription may name, and where they were read. */
interface KnownIds {
  watchlists: Set<string>;
  actors: Set<string>;
  /** Named in messages when not the config folder: "local store .newsalert", "stack NewsAlert". */
  where?: string;
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

type Target = SubscriptionDirectory & { where: string; tableName?: string; region?: string };

/** The subscriber directory the options point at. */
export async function subscriptionTarget(options: TargetOptions): Promise<Target> {
  if (options.stack) {
    if (options.topicArn !== undefined)
      throw new SubscriptionError('give one of --stack NAME or --topic-arn ARN (the stack names its topic)');
    const region = options.region ? { region: options.region } : {};
    const cloudFormation = new CloudFormationClient(region);
    try {
      const stack = await readStackResources(cloudFormation, options.stack);
      return Object.assign(new SnsSubscriptions(new SNSClient(region), stack.topicArn), {
        where: stack.topicArn,
        tableName: stack.tableName,
        region: options.region,
      });
    } finally {
      cloudFormation.destroy();
    }
  }
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
  // Everything is checked before SNS is called: ids against the watchlists that run, the
  // policy against the SNS limits.
  checkedPolicy(choice);
  const target = await subscriptionTarget(options);
  checkedPolicy(choice, await knownIds(options, target));
  const { subscription, updated } = await target.subscribe(endpoint, choice);
  out.line(
    `${updated ? 'updated' : 'subscribed'} ${protocol} ${endpoint} (${subscription.id}) at ${target.where}`,
  );
  out.line(`  receives: ${describePolicy(subscription.filterPolicy)}`);
  if (options.topicArn === undefined && options.stack === undefined) {
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
  const subscriptions = await (await subscriptionTarget(options)).list();
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
  const target = await subscriptionTarget(options);
  const removed = await target.unsubscribe(idOrAddress);
  if (removed.length === 0)
    throw new SubscriptionError(
      `${idOrAddress}: no such subscriber at ${target.where} (see \`newsalert subscribers list\`)`,
    );
  for (const s of removed) out.line(`unsubscribed ${s.protocol} ${s.endpoint} (${s.id})`);
}

// Ids are checked against the watchlists that run, so a typo in --watchlist cannot make a
// subscription that silently never matches: the stack's table with --stack, else the local
// store. A local store not seeded yet runs what `newsalert run` will seed it with (--config);
// with --topic-arn alone the table is unknown, and --config is all there is to check.
async function knownIds(options: SubscribeOptions, target: Target): Promise<KnownIds | undefined> {
  if (target.tableName) {
    const client = new DynamoDBClient(target.region ? { region: target.region } : {});
    try {
      const heads = await new ConfigRepository(client, target.tableName).listHeads('watchlist');
      return idsOf(running(heads), `stack ${options.stack}`);
    } finally {
      client.destroy();
    }
  }
  // A folder without a store has never run: nothing to open (and start) for the check.
  if (options.topicArn === undefined && existsSync(join(resolve(options.data), 'dynalite'))) {
    const store = await openLocalStore(resolve(options.data));
    try {
      const heads = await new ConfigRepository(store.client, store.tableName).listHeads('watchlist');
      if (heads.length > 0) return idsOf(running(heads), `local store ${options.data}`);
    } finally {
      await store.close();
    }
  }
  const dir = join(resolve(options.config), 'watchlists');
  if (!existsSync(dir)) return undefined;
  return idsOf(loadWatchlists(dir));
}

function running(heads: { removed?: boolean; body: Record<string, unknown> }[]): Watchlist[] {
  return heads.filter((h) => !h.removed && isEnabled(h.body)).map((h) => h.body as unknown as Watchlist);
}

function idsOf(watchlists: Watchlist[], where?: string): KnownIds {
  return {
    watchlists: new Set(watchlists.map((w) => w.id)),
    actors: new Set(watchlists.flatMap((w) => (w.actors ?? []).map((a) => a.id))),
    where,
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

function targetOptions(command: Command): Command {
  return command
    .option(
      '--stack <name>',
      "a deployed stack: its alert topic, and its table's watchlists for the id checks",
    )
    .option('--region <region>', 'AWS region of --stack (default: AWS_REGION or your AWS config)')
    .option(
      '--topic-arn <arn>',
      'the alert topic (the stack output TopicArn); without it or --stack, the local subscribers in --data',
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
      .option(
        '--config <dir>',
        'with --topic-arn, or a local store not seeded yet: the folder whose watchlists/ the ids are checked against',
        DEFAULT_CONFIG_DIR,
      ),
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
