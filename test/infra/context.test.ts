import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { ContextError, DEFAULT_SETTINGS, REPO_ROOT, readSettings } from '../../infra/context';

const settings = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe('readSettings', () => {
  test('defaults: production stack, 5-minute polls, no subscribers, <repo>/config', () => {
    expect(settings({})).toEqual({
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
    });
    expect(settings({})).toEqual(DEFAULT_SETTINGS);
  });

  test('the repo root is the directory holding cdk.json', () => {
    expect(existsSync(path.join(REPO_ROOT, 'cdk.json'))).toBe(true);
  });

  test('-c values arrive as strings and are parsed', () => {
    expect(
      settings({
        dev: 'true',
        pollMinutes: ' 10 ',
        alertEmails: ' ops@example.com,, desk@example.org ,ops@example.com',
        alertPhones: '+14155550100,+447700900123',
        stackName: 'NewsAlertDev',
      }),
    ).toMatchObject({
      dev: true,
      pollMinutes: 10,
      alertEmails: ['ops@example.com', 'desk@example.org'],
      alertPhones: ['+14155550100', '+447700900123'],
      stackName: 'NewsAlertDev',
    });
  });

  test('cdk.json values keep their JSON types', () => {
    expect(
      settings({ dev: true, pollMinutes: 15, alertEmails: ['ops@example.com'], alertPhones: [] }),
    ).toMatchObject({
      dev: true,
      pollMinutes: 15,
      alertEmails: ['ops@example.com'],
      alertPhones: [],
    });
  });

  test('numbers, retention and log level arrive as strings with -c and as JSON from cdk.json', () => {
    const fromCli = settings({
      pollBatchSize: '10',
      pollMaxConcurrency: ' 20 ',
      pollTimeoutSeconds: '120',
      logRetentionDays: '90',
      logLevel: 'debug',
      storyTtlDays: '7',
      feedFailingHours: '48',
      noNewStoryHours: '24',
      iteratorAgeMinutes: '1',
    });
    const fromJson = settings({
      pollBatchSize: 10,
      pollMaxConcurrency: 20,
      pollTimeoutSeconds: 120,
      logRetentionDays: 90,
      logLevel: 'DEBUG',
      storyTtlDays: 7,
      feedFailingHours: 48,
      noNewStoryHours: 24,
      iteratorAgeMinutes: 1,
    });
    const expected = {
      pollBatchSize: 10,
      pollMaxConcurrency: 20,
      pollTimeoutSeconds: 120,
      logRetentionDays: 90,
      logLevel: 'DEBUG',
      storyTtlDays: 7,
      feedFailingHours: 48,
      noNewStoryHours: 24,
      iteratorAgeMinutes: 1,
    };
    expect(fromCli).toMatchObject(expected);
    expect(fromJson).toMatchObject(expected);
  });

  test('an empty value means the default', () => {
    expect(settings({ dev: '', pollMinutes: '', alertEmails: '', configDir: '', stackName: '' })).toEqual(
      DEFAULT_SETTINGS,
    );
  });

  test('configDir is resolved against the repo root, not the current directory', () => {
    expect(settings({ configDir: 'test/fixtures/config' }).configDir).toBe(
      path.join(REPO_ROOT, 'test/fixtures/config'),
    );
    expect(settings({ configDir: '/etc/newsalert' }).configDir).toBe('/etc/newsalert');
  });

  test.each([
    ['dev', 'yes', 'true or false'],
    ['dev', 1, 'true or false'],
    ['pollMinutes', '0', 'a whole number of minutes from 1 to 1440'],
    ['pollMinutes', 1441, 'a whole number of minutes from 1 to 1440'],
    ['pollMinutes', 2.5, 'a whole number of minutes'],
    ['pollMinutes', '5m', 'a whole number of minutes'],
    ['pollMinutes', '-5', 'a whole number of minutes'],
    ['alertEmails', 'ops@example', 'an e-mail address'],
    ['alertEmails', 'ops example.com', 'an e-mail address'],
    ['alertEmails', 'a@example.com;b@example.com', 'an e-mail address'],
    ['alertEmails', 42, 'a comma-separated list'],
    ['alertPhones', '14155550100', 'an E.164 phone number'],
    ['alertPhones', '+0155550100', 'an E.164 phone number'],
    ['alertPhones', '+1415555010012345', 'an E.164 phone number'],
    ['alertPhones', '+1-415-555-0100', 'an E.164 phone number'],
    ['configDir', 7, 'a directory path'],
    ['stackName', 'news_alert', 'a stack name'],
    ['opsEmails', 'oncall', 'an e-mail address'],
    ['logRetentionDays', '31', 'one of 1, 3, 5, 7, 14, 30, 60, 90'],
    ['logRetentionDays', true, 'one of 1, 3'],
    ['logLevel', 'verbose', 'DEBUG, INFO, WARN, ERROR'],
    ['storyTtlDays', '0', 'a whole number from 1 to 3650'],
    ['pollBatchSize', '11', 'a whole number from 1 to 10'],
    ['pollMaxConcurrency', '1', 'a whole number from 2 to 1000'],
    ['pollTimeoutSeconds', '901', 'a whole number from 10 to 900'],
    ['feedFailingHours', '0', 'a whole number from 1 to 720'],
    ['noNewStoryHours', '25', 'a whole number from 1 to 24'],
    ['iteratorAgeMinutes', 'ten', 'a whole number from 1 to 1440'],
  ])('%s=%p is rejected', (key, value, expected) => {
    const run = () => settings({ [key]: value });
    expect(run).toThrow(ContextError);
    expect(run).toThrow(`Invalid CDK context ${key}=${JSON.stringify(value)}: expected ${expected}`);
  });

  test('in a list, the error names the bad item only', () => {
    expect(() => settings({ alertPhones: '+14155550100, 555 1234' })).toThrow(
      'Invalid CDK context alertPhones="555 1234": expected an E.164 phone number',
    );
  });
});
