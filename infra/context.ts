import * as path from 'node:path';
import type { Node } from 'constructs';
import { ConfigError } from '../shared/errors';
import { E164, EMAIL } from '../shared/validators';

/**
 * Deploy-time settings, read from CDK context (`cdk deploy -c key=value` or cdk.json).
 *
 * Values given with `-c` always arrive as strings, values from cdk.json keep their JSON
 * type, so every parser below accepts both forms.
 */

/** The repository root; relative paths in context are resolved against it, not the cwd. */
export const REPO_ROOT = path.resolve(__dirname, '..');

/** The context keys this app reads, in one place so docs, errors and tests agree. */
export const CONTEXT_KEYS = {
  dev: 'dev',
  pollMinutes: 'pollMinutes',
  alertEmails: 'alertEmails',
  alertPhones: 'alertPhones',
  configDir: 'configDir',
  stackName: 'stackName',
  opsEmails: 'opsEmails',
  logRetentionDays: 'logRetentionDays',
  logLevel: 'logLevel',
  storyTtlDays: 'storyTtlDays',
  pollBatchSize: 'pollBatchSize',
  pollMaxConcurrency: 'pollMaxConcurrency',
  pollTimeoutSeconds: 'pollTimeoutSeconds',
  feedFailingHours: 'feedFailingHours',
  noNewStoryHours: 'noNewStoryHours',
  iteratorAgeMinutes: 'iteratorAgeMinutes',
} as const;

/** Settings parsed and validated from context. */
export interface StackSettings {
  /**
   * A throw-away development stack: the table and log groups are destroyed with the stack.
   * @default false
   */
  readonly dev: boolean;
  /**
   * Minutes between two poll runs (EventBridge Scheduler `rate(N minutes)`).
   * @default 5
   */
  readonly pollMinutes: number;
  /**
   * E-mail addresses subscribed to the alert topic.
   * @default []
   */
  readonly alertEmails: readonly string[];
  /**
   * E.164 phone numbers subscribed to the alert topic by SMS.
   * @default []
   */
  readonly alertPhones: readonly string[];
  /**
   * Absolute directory of the feed and watchlist configuration baked into the config-seed bundle (seeded into the table on deploy).
   * @default `<repo>/config`
   */
  readonly configDir: string;
  /**
   * CloudFormation stack name; lets one account hold e.g. a dev and a prod copy.
   * @default 'NewsAlert'
   */
  readonly stackName: string;
  /**
   * E-mail addresses subscribed to the ops topic, where the alarms go.
   * @default []
   */
  readonly opsEmails: readonly string[];
  /**
   * Days CloudWatch keeps the functions' logs; one of the values CloudWatch accepts.
   * @default 30
   */
  readonly logRetentionDays: number;
  /**
   * Powertools log level of every function.
   * @default 'INFO'
   */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Days a stored story is kept before DynamoDB's TTL may delete it (matches are kept).
   * @default 90
   */
  readonly storyTtlDays: number;
  /**
   * Feeds (queue messages) per poll invocation; they are polled concurrently.
   * @default 5
   */
  readonly pollBatchSize: number;
  /**
   * Most poll invocations running at once: caps the load on the table and the account's
   * concurrency (SQS event sources accept 2 to 1000).
   * @default 5
   */
  readonly pollMaxConcurrency: number;
  /**
   * Poll function timeout; the poll queue's visibility timeout is six times this.
   * @default 60
   */
  readonly pollTimeoutSeconds: number;
  /**
   * Alarm when a feed has been failing for more than this many hours.
   * @default 24
   */
  readonly feedFailingHours: number;
  /**
   * Alarm when no feed has brought a new story for this many hours (at most 24).
   * @default 6
   */
  readonly noNewStoryHours: number;
  /**
   * Alarm when the notifier lags this many minutes behind the table stream.
   * @default 15
   */
  readonly iteratorAgeMinutes: number;
}

/** Defaults of the settings, exported for the docs and the tests. */
export const DEFAULT_SETTINGS: StackSettings = {
  dev: false,
  pollMinutes: 5,
  alertEmails: [],
  alertPhones: [],
  configDir: path.join(REPO_ROOT, 'config'),
  stackName: 'NewsAlert',
  opsEmails: [],
  logRetentionDays: 30,
  logLevel: 'INFO',
  storyTtlDays: 90,
  pollBatchSize: 5,
  pollMaxConcurrency: 5,
  pollTimeoutSeconds: 60,
  feedFailingHours: 24,
  noNewStoryHours: 6,
  iteratorAgeMinutes: 15,
};

/** Log retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** A context value is malformed; the message names the key and the offending value. */
export class ContextError extends ConfigError {
  constructor(key: string, value: unknown, expected: string) {
    super(`Invalid CDK context ${key}=${JSON.stringify(value)}: expected ${expected}`);
  }
}

/** Scheduler accepts rates up to far more, but a poll interval over a day is surely a typo. */
const MAX_POLL_MINUTES = 24 * 60;

/** Reads and validates all settings of the stack from the context visible at `node`. */
export function readSettings(node: Node): StackSettings {
  const get = (key: string): unknown => node.tryGetContext(key);
  return {
    dev: parseBoolean(CONTEXT_KEYS.dev, get(CONTEXT_KEYS.dev), DEFAULT_SETTINGS.dev),
    pollMinutes: parsePollMinutes(get(CONTEXT_KEYS.pollMinutes)),
    alertEmails: parseList(
      CONTEXT_KEYS.alertEmails,
      get(CONTEXT_KEYS.alertEmails),
      EMAIL,
      'an e-mail address such as ops@example.com',
    ),
    alertPhones: parseList(
      CONTEXT_KEYS.alertPhones,
      get(CONTEXT_KEYS.alertPhones),
      E164,
      'an E.164 phone number such as +14155550100 (plus sign, country code, no spaces)',
    ),
    configDir: parseDir(CONTEXT_KEYS.configDir, get(CONTEXT_KEYS.configDir), DEFAULT_SETTINGS.configDir),
    stackName: parseStackName(get(CONTEXT_KEYS.stackName)),
    opsEmails: parseList(
      CONTEXT_KEYS.opsEmails,
      get(CONTEXT_KEYS.opsEmails),
      EMAIL,
      'an e-mail address such as ops@example.com',
    ),
    logRetentionDays: parseChoice(
      CONTEXT_KEYS.logRetentionDays,
      get(CONTEXT_KEYS.logRetentionDays),
      LOG_RETENTION_DAYS,
      DEFAULT_SETTINGS.logRetentionDays,
    ),
    logLevel: parseLogLevel(get(CONTEXT_KEYS.logLevel)),
    storyTtlDays: int(CONTEXT_KEYS.storyTtlDays, 1, 3650),
    pollBatchSize: int(CONTEXT_KEYS.pollBatchSize, 1, 10),
    pollMaxConcurrency: int(CONTEXT_KEYS.pollMaxConcurrency, 2, 1000),
    pollTimeoutSeconds: int(CONTEXT_KEYS.pollTimeoutSeconds, 10, 900),
    feedFailingHours: int(CONTEXT_KEYS.feedFailingHours, 1, 720),
    // CloudWatch evaluates an alarm over at most one day.
    noNewStoryHours: int(CONTEXT_KEYS.noNewStoryHours, 1, 24),
    iteratorAgeMinutes: int(CONTEXT_KEYS.iteratorAgeMinutes, 1, 1440),
  };

  function int(key: keyof typeof CONTEXT_KEYS & keyof StackSettings, min: number, max: number): number {
    return parseInteger(key, get(key), min, max, DEFAULT_SETTINGS[key] as number);
  }
}

/** A whole number from `min` to `max`, from a string (`-c`) or a number (cdk.json). */
function parseInteger(key: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ContextError(key, value, `a whole number from ${min} to ${max}`);
  return n;
}

function parseChoice<T extends number>(key: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!choices.includes(n as T)) throw new ContextError(key, value, `one of ${choices.join(', ')}`);
  return n as T;
}

function parseLogLevel(value: unknown): StackSettings['logLevel'] {
  if (value === undefined || value === '') return DEFAULT_SETTINGS.logLevel;
  const level = typeof value === 'string' ? value.trim().toUpperCase() : value;
  if (!LOG_LEVELS.includes(level as StackSettings['logLevel']))
    throw new ContextError(CONTEXT_KEYS.logLevel, value, LOG_LEVELS.join(', '));
  return level as StackSettings['logLevel'];
}

function parseBoolean(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ContextError(key, value, 'true or false');
}

function parsePollMinutes(value: unknown): number {
  const key = CONTEXT_KEYS.pollMinutes;
  if (value === undefined || value === '') return DEFAULT_SETTINGS.pollMinutes;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_POLL_MINUTES) {
    throw new ContextError(key, value, `a whole number of minutes from 1 to ${MAX_POLL_MINUTES}`);
  }
  return n;
}

/**
 * A comma-separated string (from `-c`) or a JSON array of strings (from cdk.json).
 * Blanks are dropped and duplicates removed: SNS would reject a second identical
 * subscription, and CDK would reject its duplicate construct id with a less clear message.
 */
function parseList(key: string, value: unknown, pattern: RegExp, expected: string): string[] {
  if (value === undefined) return [];
  let items: unknown[];
  if (typeof value === 'string') items = value.split(',');
  else if (Array.isArray(value)) items = value;
  else throw new ContextError(key, value, 'a comma-separated list');
  const result: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw new ContextError(key, item, expected);
    const trimmed = item.trim();
    if (trimmed === '') continue;
    if (!pattern.test(trimmed)) throw new ContextError(key, trimmed, expected);
    if (!result.includes(trimmed)) result.push(trimmed);
  }
  return result;
}

function parseDir(key: string, value: unknown, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string') throw new ContextError(key, value, 'a directory path');
  return path.resolve(REPO_ROOT, value);
}

function parseStackName(value: unknown): string {
  if (value === undefined || value === '') return DEFAULT_SETTINGS.stackName;
  // CloudFormation's own rule for stack names.
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(value)) {
    throw new ContextError(
      CONTEXT_KEYS.stackName,
      value,
      'a stack name: a letter, then letters, digits or hyphens (at most 128)',
    );
  }
  return value;
}
