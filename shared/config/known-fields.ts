import type { z } from 'zod';

/**
 * Marks an issue as an unknown field, so the YAML reader points at the field's own line
 * (not at its value, which may start lines later).
 */
export const UNKNOWN_FIELD = 'unknownField';

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/**
 * The known field a misspelt one most likely meant: within two edits (a third of the name for
 * long ones), or one of the two starting the other (`lang` for `language`).
 */
export function closestField(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { field: string; d: number } | undefined;
  for (const field of known) {
    const f = field.toLowerCase();
    const d = lower.startsWith(f) || f.startsWith(lower) ? 1 : distance(lower, f);
    if (d <= Math.max(2, Math.floor(f.length / 3)) && (!best || d < best.d)) best = { field, d };
  }
  return best?.field;
}

/** Fields of ops' own (`x-team: europe`): kept as written, never refused. */
export const EXTENSION_FIELD = /^x-/;

/**
 * Adds to an object schema a check that refuses the fields not in its shape, one issue per
 * field at its path: "unknown field; did you mean `rule`?". A misspelt field is otherwise
 * silently dropped, and the default it stood for (the default rule, no priority) runs
 * instead of what was written. It runs also when other fields have problems (a misspelt
 * required field is reported beside the field it misses). `x-` fields are kept.
 */
export function withKnownFields<S extends z.ZodObject>(schema: S): S {
  const known = Object.keys(schema.shape);
  const fields = new Set(known);
  const check = (value: unknown, ctx: z.RefinementCtx): void => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (fields.has(key) || EXTENSION_FIELD.test(key)) continue;
      const near = closestField(key, known);
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: near
          ? `unknown field; did you mean \`${near}\`?`
          : `unknown field (known: ${known.join(', ')})`,
        params: { [UNKNOWN_FIELD]: true },
      });
    }
  };
  return schema.superRefine(check, { when: () => true });
}
