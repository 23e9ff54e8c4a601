/**
 * How every Lambda bundle is built, in one place: the stack's NodejsFunction bundling and
 * bench/bundle.bench.ts both read it, so the benchmark measures what is deployed.
 */
import {
  computeTextTables,
  packTextTables,
  TEXT_TABLES_DEFINE_KEY,
} from '../shared/watchlists/unicode-tables';
import { REPO_ROOT } from './context';

/** esbuild target: the Lambda runtime's Node.js. */
export const BUNDLE_TARGET = 'node22';

/**
 * Prefer each package's ES module build: esbuild can tree-shake it, which the CommonJS
 * builds defeat. For the AWS SDK v3 this is the difference between a 664 KiB floor bundle
 * that loads in about 200 ms of CPU and a 471 KiB one that loads in about 130 ms.
 */
export const MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * Packages left out of the bundles. None: the AWS SDK v3 is bundled too, deliberately.
 * The runtime's own copy is whatever version Lambda ships that month, not the one the tests
 * ran against; bundled and minified, only the clients a function uses are in it, and
 * bench/bundle.bench.ts measured the load time of the whole bundle against the same code
 * with the SDK loaded from node_modules (as the runtime's copy is). See docs/cost.md.
 */
export const EXTERNAL_MODULES: readonly string[] = [];

/**
 * Packages replaced while bundling, as esbuild aliases; paths are relative to the repo root
 * (the working directory of every build). Each one cuts what a function never runs from its
 * cold start (figures from bench/bundle.bench.ts, docs/bundles.md):
 * - `xmlbuilder`: xml2js, under rss-parser, requires it for its Builder; the functions only
 *   parse. A stub that throws if ever called (67 KiB).
 * - `entities`: rss-parser requires entities 2 for one call to `decodeHTML` (its
 *   `contentSnippet`, which we do not read), and entities 2 loads its encoder's tables too
 *   (about 8 ms). Pointed at the decoder of the entities 7 our own code uses, both share one
 *   copy, decoder only. The ES module file itself, so that `require` and `import` get the same.
 * - `semver`: aws-xray-sdk-core (under Powertools Tracer) requires it for the version check of
 *   its AWS SDK v2 patcher, which the Tracer never calls for SDK v3 clients. A stub that
 *   throws if ever called (8-10 ms of regular expressions built at load). A test checks that
 *   nothing else in a bundle imports semver.
 * - `htmlparser2`: the feed reader and the HTML-to-text step use its Tokenizer only; its index
 *   also loads domhandler, domutils and dom-serializer. A file that re-exports the Tokenizer.
 *   `entities/decode` (the Tokenizer's import) goes to the same decoder as `entities`.
 * - `@aws-sdk/credential-provider-node`: every SDK client's default credential chain, with the
 *   code of each link (SSO, ini files, credential_process, web identity, instance metadata)
 *   and the four SDK clients they call: about 135 KB, 17-20 ms. A Lambda function's
 *   credentials are in its environment; the stand-in keeps the environment and container
 *   endpoint links, built from the SDK's own providers.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  xmlbuilder: './infra/bundle-stubs/xmlbuilder.js',
  semver: './infra/bundle-stubs/semver.js',
  entities: './node_modules/entities/dist/esm/decode.js',
  'entities/decode': './node_modules/entities/dist/esm/decode.js',
  htmlparser2: './infra/bundle-stubs/htmlparser2.js',
  '@aws-sdk/credential-provider-node': './infra/bundle-stubs/credential-provider-node.ts',
};

let textTables: Record<string, string> | undefined;

/**
 * The esbuild `define` that bakes the matcher's Unicode tables into a bundle (see
 * shared/watchlists/unicode-tables.ts): derived here once per synth, from this Node.js's
 * Unicode data, instead of at every cold start. About 12 KB, well under the 128 KiB a single
 * command-line argument may hold; a bundle that does not match stories never references it.
 */
export function textTablesDefine(): Record<string, string> {
  textTables ??= { [TEXT_TABLES_DEFINE_KEY]: JSON.stringify(packTextTables(computeTextTables())) };
  return textTables;
}

/** The `define` of every bundle: the Unicode tables, plus the function's own. */
export function bundleDefine(define?: Record<string, string>): Record<string, string> {
  return { ...textTablesDefine(), ...define };
}

/** The esbuild options of one bundle, as the CDK passes them on its command line. */
export function esbuildOptions(
  entry: string,
  outfile: string,
  define?: Record<string, string>,
  external: readonly string[] = EXTERNAL_MODULES,
) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node' as const,
    target: BUNDLE_TARGET,
    format: 'cjs' as const,
    minify: true,
    sourcemap: false,
    external: [...external],
    mainFields: [...MAIN_FIELDS],
    define: bundleDefine(define),
    alias: { ...BUNDLE_ALIASES },
    // Where BUNDLE_ALIASES resolve, as in the CDK's bundling (it runs esbuild in the repo root).
    absWorkingDir: REPO_ROOT,
    metafile: true,
    logLevel: 'error' as const,
  };
}
