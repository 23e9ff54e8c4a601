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
    expect(settings({ dev: true, pollMinutes: 15, alertEmails: ['ops@example.com'], alertPhones: [] })).toMatchObject({
      dev: true,
      pollMinutes: 15,
      alertEmails: ['ops@example.com'],
      alertPhones: [],
    });
  });

  test('an empty value means the default', () => {
    expect(settings({ dev: '', pollMinutes: '', alertEmails: '', configDir: '', stackName: '' })).toEqual(DEFAULT_SETTINGS);
  });

  test('configDir is resolved against the repo root, not the current directory', () => {
    expect(settings({ configDir: 'test/fixtures/config' }).configDir).toBe(path.join(REPO_ROOT, 'test/fixtures/config'));
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
