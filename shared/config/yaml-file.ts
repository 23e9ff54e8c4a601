import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors';
import { UNKNOWN_FIELD } from './known-fields';

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
    throw new ErrorClass(`${file}: cannot read: ${(cause as NodeJS.ErrnoException).code ?? cause}`, {
      cause,
    });
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
    const offset = (issue as { params?: { offset?: unknown } }).params?.offset;
    // Point at the deepest node that exists: a missing field is reported at its parent.
    let where = '1';
    const unknownField = (issue as { params?: Record<string, unknown> }).params?.[UNKNOWN_FIELD];
    const keyNode = unknownField ? fieldKey(doc.getIn(path.slice(0, -1), true), path.at(-1)) : undefined;
    if (keyNode?.range) where = String(lineCounter.linePos(keyNode.range[0]).line);
    else
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) {
          // A problem inside a string (a rule's syntax error) points at its column too.
          if (typeof offset === 'number' && isScalar(node) && typeof node.value === 'string') {
            const at = lineCounter.linePos(locateInScalar(text, node.range, String(node.value), offset));
            where = `${at.line}:${at.col}`;
          } else where = String(lineCounter.linePos(node.range[0]).line);
          break;
        }
      }
    const field = path.length > 0 ? `${path.join('.')}: ` : '';
    return `${file}:${where}: ${field}${issue.message}`;
  });
  throw new ErrorClass(problems.join('\n'));
}

/** The key node of `field` in a YAML map node: where an unknown field is written. */
function fieldKey(map: unknown, field: string | undefined): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === field);
  return isNode(pair?.key) ? pair.key : undefined;
}

/**
 * The source position of `value[offset]` for a scalar spanning `range` of `source`, in any
 * style (plain, quoted, block): walks value and source together, skipping what YAML folds
 * away (indentation, line breaks, quotes, escapes).
 */
export function locateInScalar(
  source: string,
  range: readonly number[],
  value: string,
  offset: number,
): number {
  let s = range[0]!;
  const end = range[1]!;
  const first = source[s];
  if (first === '|' || first === '>')
    s = source.indexOf('\n', s) + 1 || end; // skip the block header
  else if (first === '"' || first === "'") s++;
  let v = 0;
  while (v < offset && s < end) {
    if (source[s] === value[v]) {
      v++;
      s++;
    } else if (/\s/.test(value[v]!) && !/\s/.test(source[s]!))
      v++; // a folded line break
    else s++;
  }
  while (s < end && /[ \t\r\n]/.test(source[s]!) && !/\s/.test(value[v] ?? '')) s++; // land on the character itself
  return Math.min(s, Math.max(end - 1, range[0]!));
}
