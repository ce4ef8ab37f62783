/** Narrowing for parsed YAML, which is `unknown` until checked. */

export type YamlMap = Record<string, unknown>;

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

export function asMap(value: unknown, where: string): YamlMap {
  if (!isMap(value)) throw new Error(`${where}: expected a mapping, found ${describeValue(value)}`);
  return value;
}

export function asList(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list, found ${describeValue(value)}`);
  return value;
}

export function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: expected a string, found ${describeValue(value)}`);
  return value;
}

/** An optional list: absent means empty. */
export function listOrEmpty(value: unknown, where: string): unknown[] {
  return value === undefined || value === null ? [] : asList(value, where);
}

/** Follows keys and list indexes; undefined as soon as one is missing. */
export function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (!isMap(current)) return undefined;
      current = current[key];
    }
  }
  return current;
}
