import { parseArgs } from 'node:util';
import { MockgramError } from '../errors.ts';

/** One option of a command: how it is parsed and how `--help` shows it. Declared once, in the command's table. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown after the flag in help, e.g. `<n>`; string options only. */
  readonly argument?: string;
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  /** Boolean options: `--no-<name>` is accepted too (and shown as `--<name> / --no-<name>`). */
  readonly negatable?: boolean;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

/**
 * Parses `args` against a command's option table. Every mistake (an unknown flag, a missing value) becomes one
 * `INVALID_OPTION` error naming the flag, with the closest known flag when there is one.
 */
export function parseCommandLine<const T extends OptionTable>(
  command: string,
  table: T,
  args: readonly string[],
) {
  try {
    return parseArgs({
      args: [...args],
      options: table,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
  } catch (error) {
    throw toOptionError(command, table, error);
  }
}

/** The `Options:` lines of a command's help, aligned, in table order. */
export function renderOptions(table: OptionTable): string {
  const rows = Object.entries(table).map(([name, spec]) => {
    const flag =
      spec.type === 'boolean' && spec.negatable === true
        ? `--${name} / --no-${name}`
        : `${spec.short === undefined ? '' : `-${spec.short}, `}--${name}${spec.argument === undefined ? '' : ` ${spec.argument}`}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return rows
    .map(([flag, description]) => {
      const [first = '', ...rest] = description.split('\n');
      return [`  ${flag.padEnd(width)}${first}`, ...rest.map((line) => `  ${' '.repeat(width)}${line}`)].join(
        '\n',
      );
    })
    .join('\n');
}

function toOptionError(command: string, table: OptionTable, error: unknown): unknown {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return error;
  const flag = /'(-[^' ]*)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const closest = closestOption(table, flag);
      return new MockgramError(
        'INVALID_OPTION',
        `unknown option '${flag}' for mockgram ${command}${closest === undefined ? '' : `; did you mean ${closest}?`}`,
        { cause: error },
      );
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const takesValue = table[flag.replace(/^--?/, '')]?.type === 'string';
      return new MockgramError(
        'INVALID_OPTION',
        takesValue
          ? `${flag} needs a value (write ${flag}=<value> for one that starts with '-')`
          : `${flag} takes no value`,
        { cause: error },
      );
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new MockgramError('INVALID_OPTION', error.message, { cause: error });
    default:
      return error;
  }
}

/**
 * The known flags a mistyped one most likely meant: the long options a short flag's letter starts (when few do), or the
 * nearest long option by spelling.
 */
function closestOption(table: OptionTable, flag: string): string | undefined {
  const names = Object.keys(table);
  if (/^-[^-]/.test(flag)) {
    const letter = flag.slice(1, 2);
    const matches = names.filter((name) => name.startsWith(letter)).map((name) => `--${name}`);
    if (matches.length === 0 || matches.length > 3) return undefined;
    return matches.length === 1
      ? matches[0]
      : `${matches.slice(0, -1).join(', ')} or ${matches.at(-1) ?? ''}`;
  }
  const typed = flag.replace(/^--(no-)?/, '').split('=')[0] ?? '';
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(typed, name);
    if (distance <= Math.max(1, Math.floor(name.length / 3)) && (!best || distance < best.distance))
      best = { name, distance };
  }
  return best && `--${best.name}`;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`: `prot` is one swap from `port`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
