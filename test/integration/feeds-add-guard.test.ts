import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';

// `feeds add` refuses, when it is run, a URL the poller would refuse later, with the reason,
// and writes nothing.
const data = join(mkdtempSync(join(tmpdir(), 'newsalert-add-guard-')), 'data');
const cli = (...args: string[]) => runCli([...args, '--data', data], { timeoutMs: 60_000 });

test.each([
  ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
  ['http://[::169.254.169.254]/latest/meta-data/', /::a9fe:a9fe is a link-local address/],
  ['http://[64:ff9b::10.0.0.1]/feed.xml', /64:ff9b::a00:1 is a private address/],
  ['http://10.1.2.3/feed.xml', /10\.1\.2\.3 is a private address/],
  ['http://192.168.0.10/feed.xml', /is a private address/],
  ['http://[fe80::1]/feed.xml', /fe80::1 is a link-local address/],
  ['ftp://news.example.org/feed.xml', /url: must be an http or https URL/],
  ['file:///etc/passwd', /url: must be an http or https URL/],
])(
  'refuses %s at once, with the reason, and writes nothing',
  async (url, reason) => {
    const { code, stdout, stderr } = await cli('feeds', 'add', 'bad', url);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(/^error: feed bad: /);
    expect(stderr).toMatch(reason);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse((await cli('feeds', 'list', '--json')).stdout)).toEqual([]);
  },
  60_000,
);

test('accepts a loopback feed in local mode, where the local poller fetches it', async () => {
  const { code, stdout } = await cli('feeds', 'add', 'here', 'http://127.0.0.1:9/feed.xml');
  expect(code).toBe(0);
  expect(stdout).toMatch(/^feed here: added as version 1/);
}, 60_000);
