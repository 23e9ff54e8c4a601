import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, buildSync, type BuildOptions } from 'esbuild';

/** A file of the built console, as served. */
export interface WebFile {
  contentType: string;
  body: Buffer;
}

// The front end's sources: web/ at the top of the project.
const HERE = join(__dirname, '..', '..', 'web');

const OPTIONS: BuildOptions = {
  entryPoints: [join(HERE, 'app.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outfile: 'app.js',
  tsconfig: join(HERE, 'tsconfig.json'),
  legalComments: 'none',
  logLevel: 'silent',
};

/**
 * Bundles the console's front end (Preact + htm, no JSX step) with esbuild, minified, into
 * memory: `/index.html`, `/app.js` and `/app.css`. The local server serves these; the CDK
 * construct writes them to its asset folder.
 */
export async function buildWebApp(): Promise<Map<string, WebFile>> {
  const out = await build({ ...OPTIONS, write: false });
  return new Map<string, WebFile>([
    [
      '/index.html',
      { contentType: 'text/html; charset=utf-8', body: readFileSync(join(HERE, 'index.html')) },
    ],
    [
      '/app.js',
      { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(out.outputFiles[0]!.contents) },
    ],
    ['/app.css', { contentType: 'text/css; charset=utf-8', body: readFileSync(join(HERE, 'app.css')) }],
  ]);
}

/** The same build written to `outdir`, synchronously: CDK constructs build their assets at synth. */
export function writeWebApp(outdir: string): void {
  mkdirSync(outdir, { recursive: true });
  buildSync({ ...OPTIONS, outfile: join(outdir, 'app.js') });
  for (const file of ['index.html', 'app.css']) copyFileSync(join(HERE, file), join(outdir, file));
}
