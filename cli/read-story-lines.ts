import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError } from '../shared/errors';

/** A story as read from a JSON-lines file: the fields the matcher needs, the id as given. */
export interface StoryLine {
  id: string | number;
  title: string;
  summary: string;
}

/**
 * Reads stories from a JSON-lines file (`-` for stdin), one object per line with at least
 * `id` and `title` or `summary`; other fields are ignored, blank lines skipped. Streams, so a
 * backtest over a million stories does not hold them all in memory.
 *
 * @throws ConfigError naming `file:line` and what is wrong with that line
 */
export async function* readStoryLines(file: string): AsyncGenerator<StoryLine> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new ConfigError(
          `${file}: cannot read: ${err.code ?? err.message} (give a JSON-lines file of stories, or - for stdin)`,
          { cause: err },
        ),
      ),
    );
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new ConfigError(
        `${file}:${n}: not valid JSON (${(cause as Error).message}); give one story object per line`,
        { cause },
      );
    }
    yield toStoryLine(value, `${file}:${n}`);
  }
}

function toStoryLine(value: unknown, where: string): StoryLine {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(`${where}: not a JSON object; give one story object per line`);
  const { id, title, summary } = value as Record<string, unknown>;
  if (typeof id !== 'string' && typeof id !== 'number')
    throw new ConfigError(`${where}: id: missing (give each story an "id" string)`);
  for (const [name, v] of [
    ['title', title],
    ['summary', summary],
  ] as const) {
    if (v !== undefined && v !== null && typeof v !== 'string')
      throw new ConfigError(`${where}: ${name}: must be a string`);
  }
  if (typeof title !== 'string' && typeof summary !== 'string')
    throw new ConfigError(`${where}: give the story a "title" or a "summary"`);
  return {
    id,
    title: typeof title === 'string' ? title : '',
    summary: typeof summary === 'string' ? summary : '',
  };
}
