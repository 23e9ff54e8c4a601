import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSeedConfigJson } from '../../../shared/config/seed-config';
import { readWatchlistFiles } from '../../../shared/config/load-config';
import { parseYaml } from '../../../shared/config/yaml-file';
import { WatchlistError } from '../../../shared/errors';
import { WatchlistSchema } from '../../../shared/watchlists/watchlist';

const HEAD = `id: talks
name: Talks
actors:
  - id: putin
    name: Vladimir Putin
    kind: person
    aliases: [Putin, Путін*]
themes:
  talks: [peace plan, negotiat*]
`;

/** The problems of a watchlist file, one `file:line[:column]: field: message` each. */
function problems(yaml: string): string[] {
  try {
    parseYaml(yaml, 'w.yaml', WatchlistSchema, WatchlistError);
    return [];
  } catch (err) {
    if (!(err instanceof WatchlistError)) throw err;
    return err.message.split('\n');
  }
}

describe('watchlist files', () => {
  it('accepts the new fields and keeps the skeleton ones working', () => {
    const w = parseYaml(
      `${HEAD}description: d\nenabled: false\nrule: "@putin AND #talks"\npriority:\n  - title:@putin\n  - name: two\n    minActors: 2\n    in: title\n    kind: person\n`,
      'w.yaml',
      WatchlistSchema,
    );
    expect(w).toMatchObject({
      enabled: false,
      rule: '@putin AND #talks',
      priority: [{ rule: 'title:@putin' }, { name: 'two', minActors: 2, in: 'title', kind: 'person' }],
    });
    expect(
      problems(
        `id: old\nname: Old\nactors:\n  - id: putin\n    name: P\n    aliases: [Putin]\nkeywords: [talks]\nx-team: europe\n`,
      ),
    ).toEqual([]);
  });

  it('points a rule syntax error at its line and column, in plain, quoted and folded YAML', () => {
    expect(problems(`${HEAD}rule: "@putin AND (#talks OR plan"\n`)).toEqual([
      'w.yaml:10:34: rule: expected ")" to close the "(" at column 12, found the end of the rule',
    ]);
    // A rule starting with @ must be quoted in YAML: the YAML error says so, with its line.
    expect(problems(`${HEAD}rule: @putin AND peace plan\n`)).toEqual([
      'w.yaml:10: Plain value cannot start with reserved character @',
    ]);
    expect(problems(`${HEAD}rule: >\n  @putin\n    AND #talks\n  AND NOT hockey)\n`)).toEqual([
      'w.yaml:13:17: rule: unexpected ")": no "(" is open here',
    ]);
  });

  it('names unknown actors and groups, with the ones that exist', () => {
    expect(problems(`${HEAD}rule: "@putin AND (#talk OR @zelensky)"\n`)).toEqual([
      'w.yaml:10:20: rule: unknown group #talk (groups: #talks)',
      'w.yaml:10:29: rule: unknown actor @zelensky (actors: putin)',
    ]);
  });

  it('refuses a rule that would match stories naming none of its terms', () => {
    expect(problems(`${HEAD}rule: "NOT #talks"\n`)).toEqual([
      'w.yaml:10:8: rule: this rule matches stories that mention none of its terms: it needs a term, @actor or #group outside NOT',
    ]);
  });

  it('checks aliases and terms: a * only at the end, after at least 3 letters; case-sensitive = terms', () => {
    expect(problems(`${HEAD.replace('[Putin, Путін*]', '[Pu*tin, Пу*, =US]')}rule: "@putin"\n`)).toEqual([
      'w.yaml:7:17: actors.0.aliases.0: "Pu*tin": a * may only end a word (it marks a prefix)',
      'w.yaml:7:25: actors.0.aliases.1: "Пу*": give at least 3 letters before *',
    ]);
  });

  it('needs actors and keywords when there is no rule, as the skeleton did', () => {
    expect(problems(`id: x\nname: X\nactors: []\n`)).toEqual([
      'w.yaml:3: actors: give at least one actor',
      'w.yaml:1: keywords: give at least one keyword (or a rule)',
    ]);
  });

  it('checks priority rules and the reserved group name "keywords"', () => {
    expect(
      problems(`${HEAD}  keywords: [x]\nrule: "#talks"\npriority:\n  - name: empty\n  - title:@kushner\n`),
    ).toEqual([
      'w.yaml:10: themes.keywords: "keywords" is the name of the keywords list: pick another theme name',
      'w.yaml:13: priority.0: give a rule, minActors or both',
      'w.yaml:14:11: priority.1.rule: unknown actor @kushner (actors: putin)',
    ]);
  });

  it('reads every file of a folder, lists every problem and refuses the same id twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsalert-watchlists-'));
    writeFileSync(join(dir, 'a.yaml'), `${HEAD}rule: "#talks AND"\n`);
    writeFileSync(join(dir, 'b.yaml'), `${HEAD}rule: "#talks"\n`);
    writeFileSync(join(dir, 'c.yml'), `${HEAD}rule: "@putin"\n`);
    const read = readWatchlistFiles(dir);
    expect(read.files.map((f) => f.slice(dir.length + 1))).toEqual(['a.yaml', 'b.yaml', 'c.yml']);
    expect(read.entries.map((e) => e.watchlist.id)).toEqual(['talks', 'talks']);
    expect(read.problems).toEqual([
      `${join(dir, 'a.yaml')}:10:18: rule: the rule ends too early: expected a term, "phrase", @actor, #group or "(" after AND`,
      `${join(dir, 'c.yml')}:1: id: "talks" is already used by ${join(dir, 'b.yaml')}`,
    ]);
  });

  it('says where a rule is wrong in the bundled JSON config too', () => {
    const config = {
      feeds: [],
      watchlists: [
        { id: 'x', name: 'X', actors: [{ id: 'a', name: 'A', aliases: ['A'] }], rule: '@a AND (b' },
      ],
    };
    expect(() => parseSeedConfigJson(JSON.stringify(config))).toThrow(
      'NEWSALERT_CONFIG: watchlists.0.rule: expected ")" to close the "(" at column 8, found the end of the rule (column 10)',
    );
  });
});

describe('unknown fields', () => {
  it('refuses a misspelt field with its file:line and the closest known field, instead of ignoring it', () => {
    // Without `rule`, the default rule needs keywords: both are said.
    expect(problems(`${HEAD}rules: "@putin AND #talks"\n`)).toEqual([
      'w.yaml:10: rules: unknown field; did you mean `rule`?',
      'w.yaml:1: keywords: give at least one keyword (or a rule)',
    ]);
    expect(problems(`${HEAD}rule: "@putin"\nprority:\n  - title:@putin\n`)).toEqual([
      'w.yaml:11: prority: unknown field; did you mean `priority`?',
    ]);
    expect(problems(`${HEAD.replace('    aliases:', '    aliasses:')}rule: "@putin"\n`)).toEqual([
      'w.yaml:4: actors.0.aliases: Invalid input: expected array, received undefined',
      'w.yaml:7: actors.0.aliasses: unknown field; did you mean `aliases`?',
    ]);
    expect(problems(`${HEAD}rule: "@putin"\npriority:\n  - rule: title:@putin\n    minActor: 2\n`)).toEqual([
      'w.yaml:13: priority.0.minActor: unknown field; did you mean `minActors`?',
    ]);
  });

  it('names the known fields when nothing is close', () => {
    expect(problems(`${HEAD}rule: "@putin"\ncolour: red\nx-team: europe\n`)).toEqual([
      'w.yaml:11: colour: unknown field (known: id, name, description, enabled, actors, keywords, themes, rule, priority)',
    ]);
  });
});

describe('terms without a letter or digit', () => {
  it('refuses an alias or keyword made only of punctuation or symbols, naming it and its line', () => {
    expect(problems(`${HEAD}keywords: ["...", "-", "'", "…", "peace plan"]\n`)).toEqual([
      'w.yaml:10:13: keywords.0: "...": give a letter or digit (a term of punctuation alone matches almost any story)',
      'w.yaml:10:20: keywords.1: "-": give a letter or digit (a term of punctuation alone matches almost any story)',
      'w.yaml:10:25: keywords.2: "\'": give a letter or digit (a term of punctuation alone matches almost any story)',
      'w.yaml:10:30: keywords.3: "…": give a letter or digit (a term of punctuation alone matches almost any story)',
    ]);
    expect(
      problems(`${HEAD.replace('aliases: [Putin, Путін*]', 'aliases: [Putin, "—"]')}keywords: [talks]\n`),
    ).toEqual([
      'w.yaml:7:23: actors.0.aliases.1: "—": give a letter or digit (a term of punctuation alone matches almost any story)',
    ]);
  });

  it('keeps terms with a letter or digit in any script, punctuation inside included', () => {
    expect(problems(`${HEAD}keywords: ["G-7", "9/11", "U.S.", "Мінськ-2", "和平"]\n`)).toEqual([]);
  });
});
