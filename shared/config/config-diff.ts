/**
 * What changed between two versions of a config object, one line per change, e.g.
 * `keywords: +"ceasefire" -"truce"`, `actors.rubio: added`, `enabled: true -> false`.
 * Generic over the object's shape, so new watchlist fields show up without code here:
 * arrays of objects with an `id` are compared by id, arrays of plain values as sets
 * (their order does not change what matches).
 */
export function diffConfig(before: unknown, after: unknown): string[] {
  const lines: string[] = [];
  diffAt('', before, after, lines);
  return lines;
}

function diffAt(path: string, before: unknown, after: unknown, out: string[]): void {
  const name = path || '(whole)';
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
    for (const key of keys) diffAt(path ? `${path}.${key}` : key, before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.every(hasId) && after.every(hasId) && (before.length > 0 || after.length > 0)) {
      const old = new Map(before.map((item) => [item.id, item]));
      const now = new Map(after.map((item) => [item.id, item]));
      for (const [id, item] of now) {
        if (!old.has(id)) out.push(`${path}.${id}: added`);
        else diffAt(`${path}.${id}`, old.get(id), item, out);
      }
      for (const id of old.keys()) if (!now.has(id)) out.push(`${path}.${id}: removed`);
      return;
    }
    const oldKeys = new Set(before.map(stable));
    const newKeys = new Set(after.map(stable));
    const added = after.filter((v) => !oldKeys.has(stable(v)));
    const removed = before.filter((v) => !newKeys.has(stable(v)));
    if (added.length > 0 || removed.length > 0) {
      out.push(
        `${name}: ${[...added.map((v) => `+${show(v)}`), ...removed.map((v) => `-${show(v)}`)].join(' ')}`,
      );
    }
    return;
  }
  if (stable(before) === stable(after)) return;
  if (before === undefined) out.push(`${name}: set to ${show(after)}`);
  else if (after === undefined) out.push(`${name}: removed (was ${show(before)})`);
  else out.push(`${name}: ${show(before)} -> ${show(after)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasId(value: unknown): value is { id: string } {
  return isPlainObject(value) && typeof value.id === 'string';
}

/** JSON with sorted keys: two equal objects give the same text whatever their key order. */
function stable(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function show(value: unknown): string {
  const text = stable(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
