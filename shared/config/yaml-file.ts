import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors';

/**
 * Reads a YAML file and validates it with a zod schema. Every problem is reported as
 * `file:line: field: message`, so ops can fix a file without guessing.
 *
 * @param ErrorClass the error to throw (ConfigError or a subclass such as WatchlistError)
 */
export function readYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  ErrorClass: new (message: string, options?: { cause?: unknown }) => ConfigError = ConfigError,
): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ErrorClass(`${file}: cannot read: ${(cause as NodeJS.ErrnoException).code ?? cause}`, { cause });
  }
  return parseYaml(text, file, schema, ErrorClass);
}

/** Parses YAML text (named `file` in messages) and validates it; see {@link readYamlFile}. */
export function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  ErrorClass: new (message: string, options?: { cause?: unknown }) => ConfigError = ConfigError,
): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
      return `${file}:${line}: ${e.message.split('\n')[0]}`;
    });
    throw new ErrorClass(problems.join('\n'));
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    // Point at the deepest node that exists: a missing field is reported at its parent.
    let line = 1;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        line = lineCounter.linePos(node.range[0]).line;
        break;
      }
    }
    const field = path.length > 0 ? `${path.join('.')}: ` : '';
    return `${file}:${line}: ${field}${issue.message}`;
  });
  throw new ErrorClass(problems.join('\n'));
}
