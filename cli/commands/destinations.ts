import type { Command } from 'commander';
import { PRIORITIES, type Priority } from '../../shared/alerts/alert-match';
import type { ChannelAlert } from '../../shared/alerts/channels/channel-alert';
import type { ChatChannelKind, DestinationRoute } from '../../shared/alerts/channels/chat-channel';
import { destinationChannel } from '../../shared/alerts/channels/destination-channel';
import { redactUrl } from '../../shared/alerts/channels/redact-url';
import { ConfigError, PublishError } from '../../shared/errors';
import { checkLiteralHost } from '../../shared/feeds/address-guard';
import type { DestinationHealth } from '../../shared/store/destination-repository';
import { commandGroup } from '../command-group';
import { Output } from '../output';
import { formatTable, printJson, shortTime } from '../table';
import { addTargetOptions, withTarget, type Target, type TargetOptions } from '../target';

/** Options of `destinations add`. */
export interface AddDestinationOptions extends TargetOptions {
  slack?: string;
  teams?: string;
  webhook?: string;
  /** The signing secret of a `--webhook` destination. */
  secret?: string;
  /** @default [] (every watchlist) */
  watchlist: string[];
  /** @default [] (any actor) */
  actor: string[];
  /** @default 'low' (every alert) */
  minPriority?: string;
  /** @default [] (any language) */
  lang: string[];
  /** @default false */
  digestOnly?: boolean;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Short secrets can be guessed offline from one signed request. */
const SECRET_MIN = 16;

/** `destinations add <id> (--slack URL | --teams URL | --webhook URL --secret S) [routing]`. */
export async function addDestinationCommand(
  id: string,
  options: AddDestinationOptions,
  out = new Output(),
): Promise<void> {
  if (!ID.test(id))
    throw new ConfigError(`destination ${id}: ids are letters, digits, "-" and "_" (at most 64)`);
  const given = (['slack', 'teams', 'webhook'] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1)
    throw new ConfigError(
      `destination ${id}: give one of --slack URL, --teams URL or --webhook URL --secret S`,
    );
  const kind: ChatChannelKind = given[0]!;
  const url = checkedUrl(id, options[kind]!);
  if (kind === 'webhook' && (options.secret === undefined || options.secret.length < SECRET_MIN))
    throw new ConfigError(
      `destination ${id}: --webhook needs --secret with at least ${SECRET_MIN} characters (e.g. \`openssl rand -hex 32\`)`,
    );
  if (kind !== 'webhook' && options.secret !== undefined)
    throw new ConfigError(
      `destination ${id}: --secret is for --webhook only (${kind} URLs carry their own credential)`,
    );
  if (options.minPriority !== undefined && !(PRIORITIES as readonly string[]).includes(options.minPriority))
    throw new ConfigError(`--min-priority ${options.minPriority}: expected one of ${PRIORITIES.join(', ')}`);
  if (options.stack)
    throw new ConfigError(
      'destinations are kept in the local store only for now (--data): a stack would keep their secrets in plain table items',
    );
  const route: DestinationRoute = {
    watchlists: options.watchlist,
    actors: options.actor,
    minPriority: options.minPriority as Priority | undefined,
    langs: options.lang,
    digestOnly: options.digestOnly || undefined,
  };
  await withTarget(options, async (target) => {
    await checkIds(target, route);
    const replaced = await target.destinations.put({
      id,
      kind,
      url,
      ...(kind === 'webhook' ? { secret: options.secret } : {}),
      route,
      when: new Date().toISOString(),
      who: await target.who(),
    });
    out.line(
      `${replaced ? 'replaced' : 'added'} ${kind} destination ${id} (${redactUrl(url)}) in ${target.label}`,
    );
    out.line(`  receives: ${describeRoute(route)}`);
    if (route.digestOnly)
      out.line(
        '  note: digests are not sent to chat and webhook destinations yet, so it receives nothing for now',
      );
    out.line(`  check it with \`newsalert destinations test ${id}\``);
  });
}

/** `destinations list [--json]`: URLs and secrets redacted. */
export async function listDestinationsCommand(
  options: TargetOptions & { json?: boolean },
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const destinations = await target.destinations.list();
    if (options.json)
      return printJson(
        destinations.map((d) => ({
          id: d.id,
          kind: d.kind,
          url: redactUrl(d.url),
          signed: d.kind === 'webhook',
          route: d.route ?? {},
          addedAt: d.when,
          addedBy: d.who,
          status: statusOf(d.health),
          ...(d.health ? { health: d.health } : {}),
        })),
      );
    if (destinations.length === 0)
      return out.line(`no destinations in ${target.label}: \`newsalert destinations add ID --slack URL\``);
    for (const line of formatTable([
      ['ID', 'KIND', 'URL', 'ADDED', 'RECEIVES', 'STATUS'],
      ...destinations.map((d) => [
        d.id,
        d.kind,
        redactUrl(d.url),
        shortTime(d.when),
        describeRoute(d.route),
        describeHealth(d.health),
      ]),
    ]))
      out.line(line);
    for (const d of destinations)
      if (d.health?.failingSince) out.line(`${d.id}: ${oneLine(d.health.lastError ?? 'failing')}`);
  });
}

/** `destinations remove <id>`. */
export async function removeDestinationCommand(
  id: string,
  options: TargetOptions,
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const removed = await target.destinations.remove(id);
    if (!removed)
      throw new ConfigError(
        `destination ${id}: no such destination in ${target.label} (see \`newsalert destinations list\`)`,
      );
    out.line(`removed ${removed.kind} destination ${id}; it receives nothing from the next cycle`);
  });
}

/** `destinations test <id>`: sends a sample alert and prints the receiver's answer. */
export async function testDestinationCommand(
  id: string,
  options: TargetOptions,
  out = new Output(),
): Promise<void> {
  const destination = await withTarget(options, (target) =>
    target.destinations.get(id).then((d) => {
      if (!d)
        throw new ConfigError(
          `destination ${id}: no such destination in ${target.label} (see \`newsalert destinations list\`)`,
        );
      return d;
    }),
  );
  let answer: { status: number; text: string } | undefined;
  const channel = destinationChannel(destination, { onAnswer: (a) => (answer = a) });
  const [result] = await channel.deliver([sampleAlert()]);
  if (!result?.ok)
    throw new PublishError(result?.reason ?? `${destination.kind} destination ${id}: nothing sent`);
  out.line(`sent a test alert to ${destination.kind} destination ${id} (${redactUrl(destination.url)})`);
  out.line(`  answer: HTTP ${result.status}${answer?.text ? ` ${oneLine(answer.text)}` : ''}`);
}

/** A URL a destination may have: http(s), and not a forbidden address (loopback only in local mode). */
function checkedUrl(id: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`destination ${id}: the URL is not a valid absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`destination ${id}: the URL must be https:// (got ${url.protocol})`);
  try {
    // Names are checked again on every send, when they resolve (the guard in http-delivery).
    checkLiteralHost(url, { allowLoopback: process.env.NEWSALERT_ALLOW_LOOPBACK === 'true' });
  } catch (err) {
    throw new ConfigError(`destination ${id} (${redactUrl(text)}): ${(err as Error).message}`);
  }
  return url.href;
}

// A typo in --watchlist or --actor would make a destination that silently never receives.
async function checkIds(target: Target, route: DestinationRoute): Promise<void> {
  const heads = (await target.config.listHeads('watchlist')).filter((e) => !e.removed);
  if (heads.length === 0) return;
  const watchlists = new Set(heads.map((e) => e.id));
  const actors = new Set(
    heads.flatMap((e) => ((e.body as { actors?: { id: string }[] }).actors ?? []).map((a) => a.id)),
  );
  for (const w of route.watchlists ?? [])
    if (!watchlists.has(w))
      throw new ConfigError(
        `--watchlist ${w}: no such watchlist in ${target.label} (known: ${[...watchlists].join(', ')})`,
      );
  for (const a of route.actors ?? [])
    if (!actors.has(a))
      throw new ConfigError(`--actor ${a}: no watchlist in ${target.label} names this actor`);
}

/** What a route lets through, in words. */
export function describeRoute(route: DestinationRoute | undefined): string {
  const parts: string[] = [];
  if (route?.watchlists?.length) parts.push(`watchlists ${route.watchlists.join(', ')}`);
  if (route?.actors?.length) parts.push(`actors ${route.actors.join(', ')}`);
  if (route?.minPriority && route.minPriority !== 'low') parts.push(`priority ${route.minPriority}+`);
  if (route?.langs?.length) parts.push(`languages ${route.langs.join(', ')}`);
  if (route?.digestOnly) parts.push('digests only');
  return parts.length ? parts.join('; ') : 'every alert';
}

/** `ok`, `failing` (since the first failure of a run with failures) or `new` (nothing delivered yet). */
export function statusOf(health: DestinationHealth | undefined): 'ok' | 'failing' | 'new' {
  if (health?.failingSince) return 'failing';
  return health?.lastOkAt ? 'ok' : 'new';
}

/** The STATUS column: whether deliveries go through, and since when one keeps failing. */
function describeHealth(health: DestinationHealth | undefined): string {
  const status = statusOf(health);
  const dead = health?.deadLetters ? `, ${health.deadLetters} dead-lettered` : '';
  if (status === 'failing')
    return `FAILING since ${shortTime(health!.failingSince!)} (${health!.failures ?? 1} failed${dead})`;
  if (status === 'ok') return `ok, last sent ${shortTime(health!.lastOkAt!)}${dead}`;
  return 'nothing sent yet';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The alert `destinations test` sends: plainly a test, with a fresh id so receivers do not drop it as a repeat. */
function sampleAlert(now = new Date()): ChannelAlert {
  const title = 'newsalert test alert: this destination is set up';
  const summary = 'A test message from `newsalert destinations test`. No story matched; nothing to do.';
  return {
    id: `test:${now.getTime()}`,
    watchlist: { id: 'test', name: 'Test' },
    priority: 'normal',
    update: false,
    actors: [],
    terms: ['test'],
    story: {
      id: `test-${now.getTime()}`,
      feedId: 'newsalert',
      title,
      link: '',
      summary,
      source: 'newsalert',
      lang: 'en',
      publishedAt: now.toISOString(),
    },
    snippet: { text: summary, hits: [{ start: summary.indexOf('test'), end: summary.indexOf('test') + 4 }] },
    sources: [],
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Adds `destinations add|list|remove|test` to the CLI. */
export function registerDestinations(program: Command): void {
  const group = commandGroup(
    program,
    'destinations',
    'Slack, Teams and webhook destinations: add, list, remove and test where alerts go',
  );
  addTargetOptions(
    group
      .command('add <id>')
      .description('send alerts to a Slack or Teams channel, or a signed webhook, filtered like a subscriber')
      .option('--slack <url>', 'a Slack incoming-webhook URL')
      .option('--teams <url>', 'a Microsoft Teams Workflows webhook URL')
      .option('--webhook <url>', 'a generic webhook URL (JSON POST, signed with --secret)')
      .option('--secret <secret>', `the webhook's signing secret (at least ${SECRET_MIN} characters)`)
      .option('--watchlist <id>', 'only this watchlist (repeat for more)', collect, [])
      .option('--actor <id>', 'only alerts naming this actor (repeat for more)', collect, [])
      .option('--min-priority <level>', `only alerts of this priority or higher (${PRIORITIES.join(', ')})`)
      .option('--lang <code>', 'only stories in this language (repeat for more)', collect, [])
      .option('--digest-only', 'digests instead of each alert'),
  ).action((id: string, options: AddDestinationOptions) => addDestinationCommand(id, options));
  addTargetOptions(
    group
      .command('list')
      .description('the destinations, with what each receives (URLs and secrets redacted)')
      .option('--json', 'print JSON'),
  ).action((options) => listDestinationsCommand(options));
  addTargetOptions(group.command('remove <id>').description('stop sending alerts to a destination')).action(
    (id: string, options) => removeDestinationCommand(id, options),
  );
  addTargetOptions(
    group
      .command('test <id>')
      .description("send a sample alert to a destination and print the receiver's answer"),
  ).action((id: string, options) => testDestinationCommand(id, options));
}
