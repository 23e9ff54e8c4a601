/** Rows as aligned text columns (the last column is not padded). */
export function formatTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
      .join('  ')
      .trimEnd(),
  );
}

/** Prints a value as indented JSON on stdout (the `--json` output of every command). */
export function printJson(
  value: unknown,
  write: (text: string) => void = (t) => process.stdout.write(t),
): void {
  write(`${JSON.stringify(value, null, 2)}\n`);
}

/** An ISO time to the second, for text output (JSON keeps the full value). */
export function shortTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}
