import { resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { awsCallerIdentity, localUser } from '../shared/aws/caller-identity';
import { readStackResources } from '../shared/aws/stack-outputs';
import { FeedTokens } from '../shared/console/feed-tokens';
import type { ClusterStore } from '../shared/stories/cluster-store';
import { ConfigRepository } from '../shared/store/config-repository';
import { DestinationRepository } from '../shared/store/destination-repository';
import { DynamoClusterStore } from '../shared/store/dynamo-cluster-store';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { openLocalStore } from '../shared/store/open-local-store';

/** Where a CLI command reads and writes: the local store, or a deployed stack. */
export interface TargetOptions {
  /** Local store folder, as for `run`. @default ".newsalert" */
  data: string;
  /** A deployed stack's name: work on its table instead of the local store. */
  stack?: string;
  /** AWS region of the stack. @default the AWS SDK's (AWS_REGION, ~/.aws/config) */
  region?: string;
}

/** An opened target. */
export interface Target {
  /** Names the target in output: "local store .newsalert" or "stack NewsAlert". */
  label: string;
  /** The pipeline's repository on the target's table (feed states, stories, matches). */
  repository: DynamoRepository;
  /** Chat and webhook destinations. */
  destinations: DestinationRepository;
  /** The table's name, for messages. */
  tableName: string;
  /** The alert topic (AWS only). */
  topicArn?: string;
  config: ConfigRepository;
  /** The developments (story clusters) on the target's table. */
  clusters: ClusterStore;
  /** The watchlists' Atom feed tokens (secrets, kept apart from the config partition). */
  feedTokens: FeedTokens;
  /** Who makes the change, for the history: the AWS caller identity or the OS user. */
  who(): Promise<string>;
  close(): Promise<void>;
}

/** Adds `--data`, `--stack` and `--region` to a command. */
export function addTargetOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'local store folder, as for `run`', '.newsalert')
    .option('--stack <name>', "a deployed stack: use its table (and topic), read from the stack's outputs")
    .option('--region <region>', 'AWS region of --stack (default: AWS_REGION or your AWS config)');
}

/** The repositories of one table, as every target offers them. */
function repositories(client: DynamoDBClient, tableName: string) {
  return {
    tableName,
    config: new ConfigRepository(client, tableName),
    repository: new DynamoRepository(client, tableName),
    destinations: new DestinationRepository(client, tableName),
    clusters: new DynamoClusterStore(client, tableName),
    feedTokens: new FeedTokens(client, tableName),
  };
}

/** Opens the target named by the options: `--stack` in AWS, else the local store. */
export async function openTarget(options: TargetOptions): Promise<Target> {
  if (options.stack) {
    const region = options.region ? { region: options.region } : {};
    const cloudFormation = new CloudFormationClient(region);
    try {
      const stack = await readStackResources(cloudFormation, options.stack);
      const client = new DynamoDBClient(region);
      let who: Promise<string> | undefined;
      return {
        label: `stack ${stack.stackName}`,
        ...repositories(client, stack.tableName),
        topicArn: stack.topicArn,
        who: () => (who ??= awsCallerIdentity(new STSClient(region))),
        close: async () => client.destroy(),
      };
    } finally {
      cloudFormation.destroy();
    }
  }
  const store = await openLocalStore(resolve(options.data));
  return {
    label: `local store ${options.data}`,
    ...repositories(store.client, store.tableName),
    who: async () => localUser(),
    close: () => store.close(),
  };
}

/** Opens the target, runs `fn` on it and closes it, also on failure. */
export async function withTarget<T>(options: TargetOptions, fn: (target: Target) => Promise<T>): Promise<T> {
  const target = await openTarget(options);
  try {
    return await fn(target);
  } finally {
    await target.close();
  }
}
