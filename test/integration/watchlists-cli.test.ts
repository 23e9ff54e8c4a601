import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';

const ROOT = join(__dirname, '..', '..');
const WATCHLIST = join(ROOT, 'config', 'watchlists', 'ukraine-peace-talks.yaml');

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-wl-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const STORIES = [
  {
    id: 's1',
    title: 'Putin meets Witkoff and Kushner in the Kremlin',
    summary: 'Five hours of talks on the US peace plan.',
    url: 'ignored',
  },
  {
    id: 's2',
    title: 'Putin scores eight goals in hockey gala',
    summary: 'The Night Hockey League match was played on Red Square.',
  },
  { id: 3, title: 'Зеленський: переговори з американцями були конструктивними', summary: '' },
]
  .map((s) => JSON.stringify(s))
  .join('\n');

describe('newsalert match', () => {
  it('is listed with the watchlists commands in --help', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toMatch(/match \[options\]/);
    expect(stdout).toMatch(/watchlists/);
    const group = await runCli(['watchlists', '--help']);
    expect(group.stdout).toMatch(/validate <file-or-dir>/);
    expect(group.stdout).toMatch(/test \[options\] <file>/);
  });

  it('--json: one line per story in input order, with watchlist, actors, terms, priority, score, snippet', async () => {
    const dir = tempDir({ 'stories.jsonl': `${STORIES}\n\n` });
    const { code, stdout, stderr } = await runCli([
      'match',
      '--watchlists',
      WATCHLIST,
      '--stories',
      join(dir, 'stories.jsonl'),
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['s1', 's2', 3]);
    expect(lines[1]).toEqual({ id: 's2', matches: [] });
    const [m] = lines[0].matches;
    expect(Object.keys(m)).toEqual(['watchlist', 'actors', 'terms', 'priority', 'score', 'snippet']);
    expect(m).toMatchObject({
      watchlist: 'ukraine-peace-talks',
      actors: ['putin', 'kremlin', 'witkoff', 'kushner'],
      priority: 'high',
      score: expect.any(Number),
    });
    expect(m.terms).toContainEqual({
      term: 'peace plan*',
      field: 'summary',
      start: 30,
      end: 40,
      text: 'peace plan',
    });
    expect(m.terms).toContainEqual({
      term: 'Putin',
      actor: 'putin',
      field: 'title',
      start: 0,
      end: 5,
      text: 'Putin',
    });
    expect(m.snippet).toContain('*Putin* *meets* *Witkoff*');
    expect(lines[2].matches[0]).toMatchObject({ actors: ['zelensky'], priority: 'normal' });
  });

  it('without --json: the matches with why, and a summary', async () => {
    const dir = tempDir({ 'stories.jsonl': STORIES });
    const { code, stdout } = await runCli([
      'match',
      '--watchlists',
      join(ROOT, 'config', 'watchlists'),
      '--stories',
      join(dir, 'stories.jsonl'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^s1 {2}ukraine-peace-talks HIGH \(.+\) {2}score \d+ {2}actors: putin, kremlin, witkoff, kushner {2}terms: .*peace plan\*/m,
    );
    expect(stdout).not.toMatch(/^s2 /m);
    expect(stdout).toMatch(/3 stories \(0\.0 MB of text\) in \d+\.\d s: 2 matched, 1 high priority\n$/);
  });

  it('names the line of a story it cannot read, and exits 1', async () => {
    const dir = tempDir({ 'stories.jsonl': `${STORIES}\n{"title": "no id"}\n` });
    const { code, stdout, stderr } = await runCli([
      'match',
      '--watchlists',
      WATCHLIST,
      '--stories',
      join(dir, 'stories.jsonl'),
      '--json',
    ]);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(3);
    expect(stderr).toBe(
      `error: ${join(dir, 'stories.jsonl')}:4: id: missing (give each story an "id" string)\n`,
    );
  });
});

describe('newsalert watchlists', () => {
  it('validate: ok for the project watchlists', async () => {
    const { code, stdout, stderr } = await runCli([
      'watchlists',
      'validate',
      join(ROOT, 'config', 'watchlists'),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^ok: .*ukraine-peace-talks\.yaml: ukraine-peace-talks \(\d+ actors, \d+ aliases, \d+ themes, 3 priority rules\)$/m,
    );
  });

  it('validate: every problem of every file as file:line[:column], and exit 1', async () => {
    const good = `id: good\nname: Good\nactors:\n  - id: putin\n    name: Putin\n    aliases: [Putin]\nrule: '@putin'\n`;
    const dir = tempDir({
      'a.yaml': good,
      'b.yaml': good.replace('id: good', 'id: bad').replace("rule: '@putin'", "rule: '@putin AND (talks'"),
      'c.yaml': good
        .replace('id: good', 'id: worse')
        .replace('aliases: [Putin]', 'aliases: [Pu*tin]')
        .replace("rule: '@putin'", "rule: '@zelensky'"),
    });
    const { code, stdout, stderr } = await runCli(['watchlists', 'validate', dir]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      `ok: ${join(dir, 'a.yaml')}: good (1 actors, 1 aliases, 0 themes, 0 priority rules)\n`,
    );
    expect(stderr.split('\n')).toEqual([
      `${join(dir, 'b.yaml')}:7:25: rule: expected ")" to close the "(" at column 12, found the end of the rule`,
      `${join(dir, 'c.yaml')}:6:17: actors.0.aliases.0: "Pu*tin": a * may only end a word (it marks a prefix)`,
      `${join(dir, 'c.yaml')}:7:8: rule: unknown actor @zelensky (actors: putin)`,
      '3 problems in 2 of 3 files',
      '',
    ]);
  });

  it('test: explains why a text matches, part by part', async () => {
    const { code, stdout } = await runCli([
      'watchlists',
      'test',
      WATCHLIST,
      '--text',
      'Путін прийняв Віткоффа в Кремлі\nПереговори щодо мирного плану тривали п’ять годин.',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ukraine-peace-talks \(Ukraine peace talks\): MATCH, priority high, score \d+$/m);
    expect(stdout).toContain('"мирного плану" (мирн* план*) summary 16-29');
    expect(stdout).toContain('✓ Putin or Zelensky with a US envoy in the headline');
    expect(stdout).toMatch(/snippet: \*Путін\* прийняв \*Віткоффа\* в \*Кремлі\* — \*Переговори\*/);
  });

  it('test: says which part fails for a distractor, and --json gives the tree', async () => {
    const { stdout } = await runCli([
      'watchlists',
      'test',
      WATCHLIST,
      '--title',
      'Putin scores eight goals in hockey gala',
      '--text',
      'Peskov says the president talks to players.',
    ]);
    expect(stdout).toContain('ukraine-peace-talks (Ukraine peace talks): no match');
    expect(stdout).toMatch(/✗ NOT \(#sport AND NOT #peace\)/);
    const json = await runCli(['watchlists', 'test', WATCHLIST, '--json', '--text', 'Putin meets Witkoff']);
    const [e] = JSON.parse(json.stdout);
    expect(e).toMatchObject({
      watchlistId: 'ukraine-peace-talks',
      matched: true,
      tree: { holds: true },
      match: { hit: { priority: 'high' } },
    });
  });
});
