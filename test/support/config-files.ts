import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The talks watchlist as YAML, with optional extra actors, keywords and fields. */
export function talksYaml(
  options: { extraActors?: string; keywords?: string[]; extra?: string } = {},
): string {
  const keywords = options.keywords ?? ['peace plan', 'talks'];
  return [
    '# Peace talks (test fixture)',
    'id: talks',
    'name: Peace talks',
    'actors:',
    '  - id: putin',
    '    name: Vladimir Putin',
    '    aliases: [Putin, Путин]',
    '  - id: witkoff',
    '    name: Steve Witkoff',
    '    aliases: [Witkoff]',
    ...(options.extraActors ? [options.extraActors] : []),
    `keywords: [${keywords.join(', ')}]`,
    ...(options.extra ? [options.extra] : []),
    '',
  ].join('\n');
}

/** A temporary folder with the given files (name -> text). */
export function tempFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
