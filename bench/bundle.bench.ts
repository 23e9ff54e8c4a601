/**
 * Per function: bundle size and the time to load it (a `require` of the bundle in a fresh
 * Node.js process: module parse plus everything the handler does at module scope, i.e. the
 * code part of a cold start). Baseline in the same run: a floor bundle holding only the
 * DynamoDB client and rss-parser, the least any poller needs. Target: poll within 1.2x.
 *
 * Everything is built twice, with the AWS SDK bundled (what the stack deploys, see
 * infra/bundling.ts) and with the SDK left out and loaded from node_modules the way the Lambda
 * runtime's own copy would be, so the decision to bundle it stays measured.
 *
 * The floor is the two packages as npm ships them, bundled with the functions' options but
 * without their aliases: a fixed reference that does not move when the functions' trimming does.
 * "floor-trimmed" is the same two packages with the aliases too (infra/bundling.ts replaces what
 * rss-parser and the SDK's credential chain bring and a Lambda never runs): reported beside it,
 * it shows how much of poll's cost is Powertools, Tracer and our own code.
 * "poll-untraced" swaps Powertools Tracer for a stub: the difference is the X-Ray SDK's cost.
 *
 * BENCH_RUNS (default 21) fresh processes per bundle, interleaved in a random order each round;
 * figures are medians.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, EXTERNAL_MODULES } from '../infra/bundling';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, '.bench', 'bundles');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

// A do-nothing Tracer with the methods the handlers call: swapped in for the "poll-untraced"
// variant to put a number on what the X-Ray SDK under Powertools Tracer costs at load.
const TRACER_STUB = `export class Tracer {
  captureAWSv3Client(client) { return client; }
  getSegment() { return undefined; }
  setSegment() {}
  annotateColdStart() {}
  addServiceNameAnnotation() {}
  addErrorAsMetadata() {}
}
`;

const FLOOR_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import Parser from 'rss-parser';
const client = new DynamoDBClient({});
const parser = new Parser();
export const handler = async () => [client, parser];
`;

interface Built {
  name: string;
  policy: 'sdk bundled' | 'sdk from runtime';
  file: string;
  bytes: number;
  holds: string;
  loadMs: number[];
  cpuMs: number[];
}

/** The biggest packages in a bundle, by bytes of output. */
function holds(meta: Metafile): string {
  const bytes = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const group = pkg
        ? pkg.startsWith('@smithy/') || pkg.startsWith('@aws-sdk/') || pkg.startsWith('@aws-crypto/')
          ? 'aws-sdk'
          : pkg
        : 'our code';
      bytes.set(group, (bytes.get(group) ?? 0) + bytesInOutput);
    }
  }
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  return [...bytes.entries()]
    .sort((a, b) => b[1] - a[1])
    .filter(([, b]) => b / total >= 0.02)
    .map(([name, b]) => `${name} ${Math.round((b / total) * 100)}%`)
    .join(', ');
}

async function bundle(
  name: string,
  entry: string,
  policy: Built['policy'],
  define?: Record<string, string>,
  alias?: Record<string, string> | null,
): Promise<Built> {
  const file = join(OUT, policy.replace(/ /g, '-'), name, 'index.js');
  const external = policy === 'sdk bundled' ? EXTERNAL_MODULES : ['@aws-sdk/*'];
  const options = esbuildOptions(entry, file, define, external);
  // `alias: null` builds without the project's aliases (the floor, as npm ships the packages).
  const result = await build({ ...options, alias: alias === null ? {} : { ...options.alias, ...alias } });
  return {
    name,
    policy,
    file,
    bytes: statSync(file).size,
    holds: holds(result.metafile!),
    loadMs: [],
    cpuMs: [],
  };
}

/**
 * Wall-clock and CPU milliseconds to require the bundle, measured inside a fresh process.
 * CPU time (user + system) is the steadier figure on a shared machine: a neighbour's load
 * stretches the wall clock but not the work done.
 */
function loadOnce(file: string): [number, number] {
  const script = `const c = process.cpuUsage(); const t = process.hrtime.bigint(); require(${JSON.stringify(file)}); const w = Number(process.hrtime.bigint() - t) / 1e6; const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([w, (u.user + u.system) / 1000]));`;
  const env = {
    PATH: process.env.PATH,
    // Where an external SDK is found, as the runtime's copy is found in Lambda.
    NODE_PATH: join(ROOT, 'node_modules'),
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: 'news',
    QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/poll',
    TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_NAMESPACE: 'NewsAlert',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }));
}

/** A copy of `items` in random order (Fisher-Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const floorEntry = join(OUT, 'floor.ts');
  writeFileSync(floorEntry, FLOOR_SOURCE);
  const tracerStub = join(OUT, 'tracer-stub.js');
  writeFileSync(tracerStub, TRACER_STUB);
  const bundles: Built[] = [];
  for (const policy of ['sdk bundled', 'sdk from runtime'] as const) {
    bundles.push(await bundle('floor', floorEntry, policy, undefined, null));
    bundles.push(await bundle('floor-trimmed', floorEntry, policy));
    bundles.push(await bundle('dispatch', join(ROOT, 'functions', 'dispatch.ts'), policy));
    bundles.push(await bundle('poll', join(ROOT, 'functions', 'poll.ts'), policy));
    if (policy === 'sdk bundled') {
      bundles.push(
        await bundle('poll-untraced', join(ROOT, 'functions', 'poll.ts'), policy, undefined, {
          '@aws-lambda-powertools/tracer': tracerStub,
        }),
      );
    }
    bundles.push(await bundle('notify', join(ROOT, 'functions', 'notify.ts'), policy));
    bundles.push(await bundle('digest', join(ROOT, 'functions', 'digest.ts'), policy));
  }
  // Interleaved, so a noisy neighbour slows every bundle alike rather than one of them, and in
  // a new random order each round: on the development machine the first process of a round
  // sometimes measured up to 1.4x slower, and in a fixed order that process was always a floor.
  for (let run = 0; run < RUNS; run++) {
    for (const b of shuffled(bundles)) {
      const [wall, cpu] = loadOnce(b.file);
      b.loadMs.push(wall);
      b.cpuMs.push(cpu);
    }
  }

  console.log(
    `${RUNS} fresh processes per bundle, Node.js ${process.version}; load = require() of the bundle, CPU time (wall clock), medians`,
  );
  for (const policy of ['sdk bundled', 'sdk from runtime'] as const) {
    const group = bundles.filter((b) => b.policy === policy);
    const floor = group.find((b) => b.name === 'floor')!;
    const floorMs = median(floor.cpuMs);
    const floorWall = median(floor.loadMs);
    console.log(
      `\n${policy}${policy === 'sdk bundled' ? ' (deployed)' : ' (SDK sizes not counted, its load time is)'}:`,
    );
    for (const b of group) {
      const ms = median(b.cpuMs);
      const wall = median(b.loadMs);
      console.log(
        `  ${b.name.padEnd(13)} ${kb(b.bytes).padStart(9)}  load ${ms.toFixed(1).padStart(6)} ms CPU ${(ms / floorMs).toFixed(2)}x floor` +
          `  (wall ${wall.toFixed(1)} ms ${(wall / floorWall).toFixed(2)}x; size ${(b.bytes / floor.bytes).toFixed(2)}x)`,
      );
      console.log(`            holds: ${b.holds}`);
    }
    const poll = median(group.find((b) => b.name === 'poll')!.cpuMs);
    const trimmed = median(group.find((b) => b.name === 'floor-trimmed')!.cpuMs);
    console.log(
      `  poll / floor: ${(poll / floorMs).toFixed(2)}x (target 1.2x): ${poll / floorMs <= 1.2 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `  poll / floor-trimmed: ${(poll / trimmed).toFixed(2)}x (for reference: Powertools, Tracer and our code over the trimmed packages)`,
    );
    const untraced = group.find((b) => b.name === 'poll-untraced');
    if (untraced)
      console.log(
        `  poll-untraced / floor: ${(median(untraced.cpuMs) / floorMs).toFixed(2)}x; Tracer (X-Ray SDK) adds ${(poll - median(untraced.cpuMs)).toFixed(1)} ms`,
      );
  }
  const pick = (name: string, policy: Built['policy']) =>
    median(bundles.find((b) => b.name === name && b.policy === policy)!.cpuMs);
  console.log('\nsdk bundled vs from runtime, load CPU time ratio:');
  for (const name of ['floor', 'dispatch', 'poll', 'notify', 'digest'])
    console.log(
      `  ${name.padEnd(9)} ${(pick(name, 'sdk bundled') / pick(name, 'sdk from runtime')).toFixed(2)}x`,
    );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
