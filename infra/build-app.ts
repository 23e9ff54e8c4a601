import type { App } from 'aws-cdk-lib';
import { readSettings } from './context';
import { NewsAlertStack } from './stack';

/**
 * Reads the application configuration from a directory; throws a `ConfigError` with a
 * one-line message when it is missing or invalid. The result must be JSON-serialisable.
 */
export type ConfigLoader = (dir: string) => unknown;

/**
 * Adds the stack to `app`: reads the settings from context, loads the configuration from
 * the `configDir` context directory and hands it to the stack. Separate from `app.ts` so
 * tests can pass their own loader.
 */
export function buildApp(app: App, loadConfig: ConfigLoader): NewsAlertStack {
  const settings = readSettings(app.node);
  const config = loadConfig(settings.configDir);
  return new NewsAlertStack(app, settings.stackName, { config });
}
