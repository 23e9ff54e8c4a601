import * as path from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { NewsAlertStack, type NewsAlertStackProps } from '../../infra/stack';

/** Stand-in handlers that echo the baked-in config (for the bundling tests). */
export const FIXTURE_FUNCTIONS = path.join(__dirname, 'fixtures', 'functions');

/** Context that makes CDK skip asset bundling: template tests need no esbuild run. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

/** A small config in the shape the poll function expects. */
export const SAMPLE_CONFIG = {
  feeds: [{ id: 'example', url: 'https://news.example.com/rss.xml' }],
  watchlists: [{ id: 'talks', name: 'Peace talks', keywords: ['ceasefire'] }],
};

/** Synthesises the stack with the given context, bundling skipped unless `bundle` is set. */
export function synthStack(
  context: Record<string, unknown> = {},
  props: NewsAlertStackProps = {},
  options: { bundle?: boolean; outdir?: string } = {},
): { app: App; stack: NewsAlertStack; template: Template } {
  const app = new App({
    // The console's resources are asserted in console.test.ts; the other tests describe the pipeline.
    context: { ...(options.bundle ? {} : SKIP_BUNDLING), console: 'false', ...context },
    outdir: options.outdir,
  });
  const stack = new NewsAlertStack(app, 'Test', { config: SAMPLE_CONFIG, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The template logical id of a construct's CloudFormation resource. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.resolve(stack.getLogicalId(resource)) as string;
}

/** All IAM policy statements attached to a role, as plain objects. */
export function statementsOfRole(
  template: Template,
  roleId: string,
): { Action: string | string[]; Resource: unknown }[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/** Template logical ids of the stack's main resources. */
export function idsOf(stack: NewsAlertStack) {
  return {
    table: logicalId(stack, stack.table),
    topic: logicalId(stack, stack.topic),
    opsTopic: logicalId(stack, stack.ops.topic),
    dispatch: logicalId(stack, stack.dispatch.function),
    dispatchRole: logicalId(stack, stack.dispatch.function.role!),
    dispatchLogs: logicalId(stack, stack.dispatch.logGroup),
    poll: logicalId(stack, stack.poll.function),
    pollRole: logicalId(stack, stack.poll.function.role!),
    pollLogs: logicalId(stack, stack.poll.logGroup),
    notify: logicalId(stack, stack.notify.function),
    notifyRole: logicalId(stack, stack.notify.function.role!),
    notifyLogs: logicalId(stack, stack.notify.logGroup),
    digest: logicalId(stack, stack.delivery.digest.function),
    pollQueue: logicalId(stack, stack.fanOut.queue),
    pollDlq: logicalId(stack, stack.fanOut.pollDeadLetters),
    scheduleDlq: logicalId(stack, stack.fanOut.scheduleDeadLetters),
    notifyDlq: logicalId(stack, stack.notifier.deadLetters),
    destinationDlq: logicalId(stack, stack.delivery.deadLetters),
  };
}

/** The three functions by name, for test.each. */
export const FUNCTIONS = ['dispatch', 'poll', 'notify'] as const;

/** The IAM actions a role is allowed, flattened. */
export function actionsOfRole(template: Template, roleId: string): string[] {
  return statementsOfRole(template, roleId).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}
