import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../../infra/bundling';
import { REPO_ROOT } from '../../infra/context';

// The Lambda bundles swap the SDK's default credential chain for the two links a Lambda
// function uses (infra/bundle-stubs/credential-provider-node.ts). These tests build an SDK
// client with the stack's bundling options and watch, on a local server, which credentials
// sign its requests. The bundle runs in its own Node.js process, as in Lambda (jest's module
// sandbox cannot run the dynamic imports of Node.js built-ins the SDK makes).

// Two ListTables calls with one client, against ENDPOINT; prints the table names, or the error.
const CLIENT_SOURCE = `import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({ endpoint: process.env.ENDPOINT, region: 'eu-west-1', maxAttempts: 1 });
Promise.all([client.send(new ListTablesCommand({})), client.send(new ListTablesCommand({}))]).then(
  (results) => process.stdout.write(JSON.stringify(results.map((r) => r.TableNames))),
  (error) => process.stdout.write(JSON.stringify({ error: error.message })),
);
`;

describe('the credential chain in the Lambda bundles', () => {
  let outdir: string;
  let file: string;
  let server: Server;
  let base: string;
  const signedWith: string[] = [];
  const tokens: (string | undefined)[] = [];
  const credentialFetches: (string | undefined)[] = [];

  beforeAll(async () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'newsalert-credentials-'));
    file = path.join(outdir, 'client.js');
    const options = esbuildOptions('unused', file);
    await build({
      ...options,
      entryPoints: undefined,
      stdin: { contents: CLIENT_SOURCE, loader: 'ts', resolveDir: REPO_ROOT },
    });
    server = createServer((req: IncomingMessage, res) => {
      req.resume();
      if (req.url === '/credentials') {
        credentialFetches.push(req.headers.authorization);
        res.writeHead(200, { 'content-type': 'application/json' });
        const expiration = new Date(Date.now() + 3600_000).toISOString();
        res.end(
          JSON.stringify({
            AccessKeyId: 'AKIDCONTAINER',
            SecretAccessKey: 'container-secret',
            Token: 'container-token',
            Expiration: expiration,
          }),
        );
        return;
      }
      signedWith.push(/Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '(unsigned)');
      tokens.push(req.headers['x-amz-security-token'] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{"TableNames":["news"]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(outdir, { recursive: true, force: true });
  });

  beforeEach(() => {
    signedWith.length = 0;
    tokens.length = 0;
    credentialFetches.length = 0;
  });

  /** Runs the bundled client with only `env` for credentials (nothing of this machine's). */
  const run = (env: Record<string, string>) =>
    new Promise<unknown>((resolve, reject) => {
      const childEnv = {
        PATH: process.env.PATH ?? '',
        HOME: outdir,
        ENDPOINT: base,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      };
      execFile(process.execPath, [file], { env: childEnv, encoding: 'utf8' }, (error, stdout) =>
        error ? reject(error) : resolve(JSON.parse(stdout)),
      );
    });

  it('signs with the credentials Lambda puts in the environment', async () => {
    const out = await run({
      AWS_ACCESS_KEY_ID: 'AKIDLAMBDA',
      AWS_SECRET_ACCESS_KEY: 'lambda-secret',
      AWS_SESSION_TOKEN: 'lambda-token',
    });
    expect(out).toEqual([['news'], ['news']]);
    expect([signedWith, tokens]).toEqual([
      ['AKIDLAMBDA', 'AKIDLAMBDA'],
      ['lambda-token', 'lambda-token'],
    ]);
  });

  it('fetches them once from a container credentials endpoint when the environment has none', async () => {
    const out = await run({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/credentials`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'endpoint-token',
    });
    expect(out).toEqual([['news'], ['news']]);
    expect([signedWith, tokens]).toEqual([
      ['AKIDCONTAINER', 'AKIDCONTAINER'],
      ['container-token', 'container-token'],
    ]);
    expect(credentialFetches).toEqual(['endpoint-token']);
  });

  it('says which variables to set when there are no credentials at all, and sends nothing', async () => {
    const out = (await run({})) as { error: string };
    expect(out.error).toMatch(/^no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    expect(signedWith).toEqual([]);
  });

  it('leaves out the links only a workstation or an EC2 host uses, and the clients they call', async () => {
    const result = await build(
      esbuildOptions(path.join(REPO_ROOT, 'functions', 'poll.ts'), path.join(outdir, 'poll', 'index.js')),
    );
    const packages = new Set(
      Object.keys((result.metafile as Metafile).inputs).map(
        (f) => /node_modules\/(@[^/]+\/[^/]+|[^/@]+)\//.exec(f)?.[1],
      ),
    );
    const dropped = [
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/credential-provider-ini',
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/credential-provider-process',
      '@aws-sdk/credential-provider-web-identity',
      '@aws-sdk/nested-clients',
      '@smithy/credential-provider-imds',
    ];
    expect(dropped.filter((name) => packages.has(name))).toEqual([]);
    expect(
      ['@aws-sdk/credential-provider-env', '@aws-sdk/credential-provider-http'].filter((name) =>
        packages.has(name),
      ),
    ).toHaveLength(2);
  });
});
