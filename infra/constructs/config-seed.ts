import { createHash } from 'node:crypto';
import { CustomResource, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { NewsFunction, type FunctionDefaults } from './news-function';

/** Options of {@link ConfigSeed}. */
export interface ConfigSeedProps {
  /** The seed handler file (functions/seed-config.ts). */
  readonly entry: string;
  /** The table to seed. */
  readonly table: ITable;
  /** The esbuild `define` that bakes config/ into the handler (see `configDefine`). */
  readonly define: Record<string, string>;
  /**
   * What happens to the function's log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Settings shared by the stack's functions (log retention and level, metrics namespace).
   * @default - NewsFunction's defaults
   */
  readonly functionDefaults?: FunctionDefaults;
}

/**
 * Seeds config/ into the table on deploy: a custom resource backed by a small function
 * that writes each watchlist and feed the table has never had, with conditional puts, so a
 * deploy never overwrites edits made at run time. It runs on the first deploy and again
 * whenever config/ changes (the resource's ConfigHash), adding only what is new.
 */
export class ConfigSeed extends Construct {
  /** The seed function. */
  readonly handler: NewsFunction;
  /** The custom resource. */
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ConfigSeedProps) {
    super(scope, id);
    this.handler = new NewsFunction(this, 'Function', {
      ...props.functionDefaults,
      service: 'config-seed',
      entry: props.entry,
      description: 'Seeds config/ into the table on deploy; never overwrites run-time edits',
      define: props.define,
      logRemovalPolicy: props.logRemovalPolicy ?? props.functionDefaults?.logRemovalPolicy,
    }).bindTable(props.table, { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'] });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.handler.function.functionArn,
      resourceType: 'Custom::NewsAlertConfigSeed',
      // A new hash (config/ changed) makes CloudFormation send an update: new entries are added.
      properties: { ConfigHash: createHash('sha256').update(JSON.stringify(props.define)).digest('hex') },
      // A handler that cannot answer fails the deploy in minutes, not CloudFormation's hour.
      serviceTimeout: Duration.minutes(5),
    });
    // Not before the function may write the table: its role policy is part of the construct.
    this.resource.node.addDependency(this.handler);
  }
}
