import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_ALIASES, esbuildOptions } from '../../infra/bundling';
import { REPO_ROOT } from '../../infra/context';
import { parseFeed, type ParseContext } from '../../shared/feeds/parse-feed';

// The bundles replace packages that rss-parser, the X-Ray SDK and the AWS SDK bring
// (infra/bundling.ts BUNDLE_ALIASES). These tests build with the very options the stack uses
// and check that feeds still parse exactly as they do from source, that the replaced packages
// are gone, and that each bundle stays ASCII (bundle-credentials.test.ts covers the SDK's).

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'feeds');
// Loads a built bundle, or the stub itself, as Lambda's runtime does: CommonJS require.
const load = createRequire(__filename);
const context: ParseContext = {
  feedId: 'f',
  url: 'https://news.example.org/feed.xml',
  fetchedAt: '2025-12-01T12:00:00.000Z',
};

describe('bundle aliases', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'newsalert-alias-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('point at files that exist (an entities upgrade that moves its decoder fails here, not in Lambda)', () => {
    for (const [name, target] of Object.entries(BUNDLE_ALIASES))
      expect([name, existsSync(path.join(REPO_ROOT, target))]).toEqual([name, true]);
  });

  it('leave xmlbuilder, semver and the second copy of entities out of the poll bundle', async () => {
    const result = await build(
      esbuildOptions(path.join(REPO_ROOT, 'functions', 'poll.ts'), path.join(outdir, 'poll', 'index.js')),
    );
    const inputs = Object.keys((result.metafile as Metafile).inputs);
    expect(
      inputs.filter((f) =>
        /node_modules\/(xmlbuilder|semver)\/|node_modules\/rss-parser\/node_modules\/entities\//.test(f),
      ),
    ).toEqual([]);
    expect(
      inputs
        .filter((f) => /node_modules\/entities\//.test(f))
        .every((f) => /\/dist\/esm\/(decode|internal|generated\/decode)/.test(f)),
    ).toBe(true);
  });

  // The feeds are read by htmlparser2's tokenizer now: no function bundles rss-parser and its
  // xml2js, so the xmlbuilder stub is for the floor bundles of bench/bundle.bench.ts only.
  const XRAY = ['aws-xray-sdk-core/dist/lib/patchers/aws_p.js'];
  const FUNCTIONS = ['dispatch', 'poll', 'notify', 'digest', 'seed-config'] as const;
  // Each function's bundle, built once with the stack's options and shared by the tests below.
  const built = new Map<string, Promise<{ metafile: Metafile; file: string }>>();
  const bundleOf = (fn: string) => {
    if (!built.has(fn)) {
      const file = path.join(outdir, fn, 'index.js');
      built.set(
        fn,
        build(esbuildOptions(path.join(REPO_ROOT, 'functions', `${fn}.ts`), file)).then((r) => ({
          metafile: r.metafile as Metafile,
          file,
        })),
      );
    }
    return built.get(fn)!;
  };

  it.each([
    ['dispatch', [], XRAY],
    ['poll', [], XRAY],
    ['notify', [], XRAY],
    ['digest', [], XRAY],
    ['seed-config', [], XRAY],
  ])(
    'give the stubs to the packages they were written for, and to nothing else (%s)',
    async (fn, xmlbuilderUsers, semverUsers) => {
      const { metafile } = await bundleOf(fn);
      const importers = (stub: string) =>
        Object.entries(metafile.inputs)
          .filter(([, input]) => input.imports.some((i) => i.path === stub.replace(/^\.\//, '')))
          .map(([file]) => file.replace(/^.*node_modules\//, ''));
      expect(importers(BUNDLE_ALIASES.xmlbuilder!)).toEqual(xmlbuilderUsers);
      expect(importers(BUNDLE_ALIASES.semver!)).toEqual(semverUsers);
    },
  );

  // esbuild escapes non-ASCII in strings but keeps a regular expression literal as written.
  // One such character makes V8 decode and hold the whole bundle as a two-byte string: poll
  // loads about 2 ms (2 %) slower with a single quotation mark in a regex (docs/bundles.md).
  it.each(FUNCTIONS)('stay pure ASCII, which V8 reads and parses fastest (%s)', async (fn) => {
    const text = readFileSync((await bundleOf(fn)).file, 'utf8');
    const offenders = [...text.matchAll(/.{0,40}[^\p{ASCII}].{0,20}/gu)].map((m) => m[0]);
    expect(offenders).toEqual([]);
  });

  it('parse every fixture feed exactly as the source does', async () => {
    const entry = path.join(REPO_ROOT, 'shared', 'feeds', 'parse-feed.ts');
    const file = path.join(outdir, 'parse-feed', 'index.js');
    await build(esbuildOptions(entry, file));
    const bundled = load(file) as { parseFeed: typeof parseFeed };
    const outcome = (p: Promise<unknown>) =>
      p.then(
        (v) => ({ ok: v }),
        (e: Error) => ({ error: e.message }),
      );
    const feeds = readdirSync(FIXTURES).filter((f) => /\.(xml|json)$/.test(f));
    expect(feeds.length).toBeGreaterThan(10);
    for (const name of feeds) {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      expect([name, await outcome(bundled.parseFeed(text, context))]).toEqual([
        name,
        await outcome(parseFeed(text, context)),
      ]);
    }
  });

  it("make what nothing calls (xml2js's builder, the X-Ray SDK v2 patcher) fail loudly if something ever does", () => {
    const xmlbuilder = load(path.join(REPO_ROOT, BUNDLE_ALIASES.xmlbuilder!)) as { create: () => unknown };
    expect(() => xmlbuilder.create()).toThrow('xmlbuilder is not bundled');
    const semver = load(path.join(REPO_ROOT, BUNDLE_ALIASES.semver!)) as { gte: () => unknown };
    expect(() => semver.gte()).toThrow('semver is not bundled');
  });
});
