/**
 * One setting of the stack and the functions, described once: the CDK context key ops set
 * it with (`cdk deploy -c <key>=...`), the environment variable the stack passes to the
 * functions (and the local run reads), its parser, default, range and doc line. The stack,
 * the functions, the local run and the docs table all read the same description.
 */
export interface Setting<T> {
  /** CDK context key. */
  key: string;
  /** Environment variable. */
  env: string;
  default: T;
  /** What a valid value is, as error messages and the docs say it. */
  range: string;
  /** One line for the docs. */
  doc: string;
  /** A context value or an environment string as the setting's value; undefined when it is not valid. */
  parse(raw: unknown): { value: T } | undefined;
  /** The value as its environment string. */
  format(value: T): string;
}

/** A whole number from `min` to `max`. */
export function wholeNumber(
  spec: Pick<Setting<number>, 'key' | 'env' | 'default' | 'doc'> & { min: number; max: number },
): Setting<number> {
  const { min, max, ...rest } = spec;
  return {
    ...rest,
    range: `a whole number from ${min} to ${max}`,
    parse: (raw) => {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^\d+$/.test(raw.trim())
            ? Number(raw)
            : NaN;
      return Number.isInteger(n) && n >= min && n <= max ? { value: n } : undefined;
    },
    format: String,
  };
}

/** A whole number from `min` to `max`, or `off` (false in CDK context) for none. */
export function wholeNumberOrOff(
  spec: Pick<Setting<number | undefined>, 'key' | 'env' | 'default' | 'doc'> & { min: number; max: number },
): Setting<number | undefined> {
  const number = wholeNumber({ ...spec, default: spec.default ?? spec.min });
  return {
    ...number,
    default: spec.default,
    parse: (raw) =>
      raw === false || (typeof raw === 'string' && raw.trim().toLowerCase() === 'off')
        ? { value: undefined }
        : number.parse(raw),
    format: (value) => (value === undefined ? 'off' : String(value)),
  };
}

/** True when the raw value means "not given" (the default applies). */
export function isUnset(raw: unknown): boolean {
  return raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * Reads settings from environment variables: an unset or blank variable takes the default.
 * @throws the error `fail` makes of `<VAR>=<value>: expected <range>`
 */
export function readSettings<T extends Record<string, Setting<unknown>>>(
  table: T,
  env: Record<string, string | undefined>,
  fail: (message: string) => Error,
): { [K in keyof T]: T[K]['default'] } {
  const values: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(table)) {
    const raw = env[setting.env];
    if (isUnset(raw)) {
      values[name] = setting.default;
      continue;
    }
    const parsed = setting.parse(raw);
    if (!parsed) throw fail(`${setting.env}=${raw!.trim()}: expected ${setting.range}`);
    values[name] = parsed.value;
  }
  return values as { [K in keyof T]: T[K]['default'] };
}
