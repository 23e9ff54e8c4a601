/**
 * `npm run corpus`: runs the feed checker (`newsalert feeds check`) over every file of
 * ../shared/corpus/feeds (real feeds from other parsers' test suites) when that folder exists,
 * and compares with its manifest.json (the entry counts and first titles feed-rs reads).
 * Prints one line per file and the totals; exits 1 when an aim of issue 3 is missed:
 * every file parses or is refused with a one-line reason, entry counts agree on at least
 * 95% of the manifest's files, no U+FFFD in any title. Never part of `npm test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkFeed } from '../cli/commands/feeds';
import { describeError } from '../shared/errors';

// `npm run corpus -- <folder>` reads another copy (a git worktree sits elsewhere).
const CORPUS = process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'corpus', 'feeds');
const SKIP = /^(LICENSE|README|manifest\.json)/i;

interface Reference {
  /** null where the reference reader gives no reading for the file. */
  entries: number | null;
  first_title: string | null;
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return files(path);
      return SKIP.test(name) ? [] : [path];
    });
}

const same = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

async function main() {
  if (!existsSync(CORPUS)) {
    console.log(`no corpus at ${relative(process.cwd(), CORPUS)}: nothing to check`);
    return;
  }
  const manifestPath = join(CORPUS, 'manifest.json');
  const manifest: Record<string, Reference> = existsSync(manifestPath)
    ? JSON.parse(readFileSync(manifestPath, 'utf8'))
    : {};
  let parsed = 0;
  let refused = 0;
  let multiLine = 0;
  let compared = 0;
  let countsAgree = 0;
  let titlesCompared = 0;
  let titlesAgree = 0;
  let replacementTitles = 0;
  let stories = 0;
  for (const file of files(CORPUS)) {
    const name = relative(CORPUS, file);
    const entry = manifest[name];
    const ref = entry && entry.entries !== null ? entry : undefined;
    try {
      const { feed, decoded } = await checkFeed(file, 'corpus');
      parsed++;
      stories += feed.stories.length;
      const bad =
        feed.stories.filter((s) => s.title.includes('\ufffd')).length +
        (feed.title.includes('\ufffd') ? 1 : 0);
      replacementTitles += bad;
      const notes: string[] = [];
      if (ref) {
        compared++;
        if (ref.entries === feed.stories.length) countsAgree++;
        else notes.push(`reference reads ${ref.entries}`);
        if (ref.first_title !== null && (ref.entries ?? 0) > 0) {
          titlesCompared++;
          if (same(ref.first_title, feed.stories[0]?.title ?? '')) titlesAgree++;
          else
            notes.push(
              `first title differs: ours ${JSON.stringify(feed.stories[0]?.title)}, reference ${JSON.stringify(ref.first_title)}`,
            );
        }
      }
      if (bad) notes.push(`${bad} titles with U+FFFD`);
      const mark = notes.length === 0 ? 'ok  ' : 'DIFF';
      console.log(
        `${mark} ${name}: ${feed.format}, ${decoded.encoding}, ${feed.stories.length} stories${notes.length ? ` (${notes.join('; ')})` : ''}`,
      );
    } catch (err) {
      refused++;
      const reason = describeError(err).replace(file, name);
      if (reason.includes('\n')) multiLine++;
      if (ref) {
        compared++;
        if (ref.entries === 0) countsAgree++;
      }
      console.log(`REFUSED ${reason}${ref ? ` (reference reads ${ref.entries} entries)` : ''}`);
    }
  }
  const total = parsed + refused;
  const agreement = compared ? countsAgree / compared : 1;
  console.log('');
  console.log(
    `files: ${total}, parsed: ${parsed} (${stories} stories), refused with a one-line reason: ${refused - multiLine}${multiLine ? `, refused with a multi-line reason: ${multiLine}` : ''}`,
  );
  console.log(
    `entry counts agree with manifest.json: ${countsAgree}/${compared} (${(agreement * 100).toFixed(1)}%)`,
  );
  console.log(`first titles agree: ${titlesAgree}/${titlesCompared}`);
  console.log(`titles with U+FFFD: ${replacementTitles}`);
  const met = multiLine === 0 && agreement >= 0.95 && replacementTitles === 0;
  console.log(met ? 'aims met' : 'aims NOT met');
  if (!met) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
