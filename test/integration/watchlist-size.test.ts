import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { talksYaml } from '../support/config-files';
import { runCli } from '../support/run-cli';

// A watchlist is stored in one DynamoDB item (400 KB with its parsed form); a very large one
// is refused with the limit named, before it is parsed and before anything is written.
const dir = mkdtempSync(join(tmpdir(), 'newsalert-wl-size-'));
const data = join(dir, 'data');
const cli = (...args: string[]) => runCli([...args, '--data', data], { timeoutMs: 60_000 });

test('watchlists apply and validate refuse a 5 MB watchlist naming the file and the limit; nothing is written', async () => {
  const files = join(dir, 'watchlists');
  const aliases = Array.from({ length: 400_000 }, (_, i) => `alias${i}`).join(', ');
  const big = talksYaml({ extraActors: `  - id: many\n    name: Many\n    aliases: [${aliases}]` });
  expect(big.length).toBeGreaterThan(4_000_000);
  mkdirSync(files);
  writeFileSync(join(files, 'big.yaml'), big);
  writeFileSync(join(files, 'small.yaml'), talksYaml().replace('id: talks', 'id: small'));

  for (const args of [
    ['watchlists', 'apply', files, '--data', data],
    ['watchlists', 'validate', files],
  ]) {
    const { code, stdout, stderr } = await runCli(args, { timeoutMs: 60_000 });
    expect(code).toBe(1);
    expect(stdout).not.toContain('big.yaml');
    expect(stderr).toMatch(`${join(files, 'big.yaml')}: 5.1 MB, over the 128 KB limit`);
    expect(stderr).toMatch('; split it into several watchlists\n');
  }
  expect(JSON.parse((await cli('watchlists', 'list', '--json')).stdout)).toEqual([]);
}, 60_000);
