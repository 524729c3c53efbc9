import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { MockgramError } from '../errors.ts';
import { isCredentialName } from '../http/credentialNames.ts';
import { isJsonMediaType, essence } from '../http/mediaType.ts';
import { isRecord } from '../spec/isRecord.ts';
import { findResponse } from '../spec/findResponse.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { DriftProblem, DriftSide } from './driftTypes.ts';
import { hideIn, redactRecorded } from './redactRecorded.ts';

/** One answered exchange, as the recorder takes it (the response as received, the request's secrets to hide). */
export interface RecordedExchange {
  readonly spec: SpecIndex;
  readonly operation: OperationSpec;
  readonly method: string;
  /** Path and query, secrets already redacted. */
  readonly path: string;
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
  readonly secrets: readonly string[];
  /** Empty for an exchange that passed validation. */
  readonly problems: readonly (DriftProblem & { readonly side: DriftSide })[];
}

export interface Recorder {
  record(exchange: RecordedExchange): void;
  /** Writes every file now (also done shortly after each new exchange, and at exit). */
  flush(): Promise<RecordingFiles>;
  readonly directory: string;
}

export interface RecordingFiles {
  /** Scenario files written, one per spec with recorded exchanges. */
  readonly scenarioFiles: readonly string[];
  /** Drift files written (under `drift/`, which `mock --scenarios DIR` does not read). */
  readonly driftFiles: readonly string[];
  readonly recorded: number;
  readonly drift: number;
  /** Exchanges not kept because the recording was full. */
  readonly dropped: number;
}

interface RecordedScenario {
  readonly description: string;
  readonly status: number;
  readonly verbatim: true;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

interface DriftEntry {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly problems: readonly (DriftProblem & { readonly side: DriftSide })[];
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** Most exchanges kept in a recording (scenarios and drift each); later ones are counted, not kept. */
export const RECORDING_LIMIT = 1000;
const FLUSH_DELAY_MS = 200;

/**
 * Records exchanges into `directory`: each one that passed validation becomes a verbatim scenario named
 * `<operation-id>-<status>` (made unique with `-2`, `-3`...) in `<spec>.recorded.yaml`, a scenario file
 * `mockgram mock --scenarios DIR` serves as it is; each one that broke the spec goes to `drift/<spec>.yaml`, which
 * the mock never reads. Identical answers are kept once. Secrets never reach a file: only documented response
 * headers are kept (none named like a credential), secret-named fields are redacted and every credential the request
 * carried is replaced wherever it appears. A recording already in the directory is extended, not overwritten.
 */
export function createRecorder(directory: string, specs: readonly SpecIndex[]): Recorder {
  const scenarios = new Map<string, Map<string, Map<string, RecordedScenario>>>();
  const drift = new Map<string, DriftEntry[]>();
  const seen = new Set<string>();
  let recorded = 0;
  let driftCount = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<RecordingFiles> = Promise.resolve(emptyFiles());
  for (const spec of specs) loadExisting(directory, spec, scenarios);

  const scheduleFlush = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void recorder.flush().catch(() => undefined);
    }, FLUSH_DELAY_MS);
    timer.unref();
  };

  const recorder: Recorder = {
    directory,
    record(exchange) {
      const { spec, operation, status, secrets } = exchange;
      const documented = findResponse(operation.responses, status);
      const headers: Record<string, string> = {};
      for (const header of documented?.headers ?? []) {
        const value = exchange.headers[header.key];
        if (value === undefined || isCredentialName(header.key) || header.key === 'set-cookie') continue;
        headers[header.name] = hideIn(value, secrets);
      }
      const body = readBody(exchange.headers['content-type'], exchange.bodyText, secrets);
      const key = JSON.stringify([
        spec.name,
        operation.id,
        status,
        exchange.problems.length > 0,
        headers,
        body,
      ]);
      if (seen.has(key)) return;
      if (exchange.problems.length > 0) {
        if (driftCount >= RECORDING_LIMIT) {
          dropped++;
          return;
        }
        seen.add(key);
        driftCount++;
        const entries = drift.get(spec.name) ?? [];
        entries.push({
          operationId: operation.id,
          method: exchange.method,
          path: exchange.path,
          status,
          problems: exchange.problems.map((p) => ({ ...p, message: hideIn(p.message, secrets) })),
          ...(Object.keys(headers).length > 0 && { headers }),
          ...(body !== undefined && { body }),
        });
        drift.set(spec.name, entries);
      } else {
        if (recorded >= RECORDING_LIMIT) {
          dropped++;
          return;
        }
        seen.add(key);
        recorded++;
        const bySpec = scenarios.get(spec.name) ?? new Map<string, Map<string, RecordedScenario>>();
        scenarios.set(spec.name, bySpec);
        const byOperation = bySpec.get(operation.id) ?? new Map<string, RecordedScenario>();
        bySpec.set(operation.id, byOperation);
        byOperation.set(uniqueName(byOperation, `${kebab(operation.id)}-${status}`), {
          description: `Recorded by mockgram proxy: ${exchange.method} ${exchange.path} answered ${status}`,
          status,
          verbatim: true,
          ...(body !== undefined && { body }),
          ...(Object.keys(headers).length > 0 && { headers }),
        });
      }
      scheduleFlush();
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      writing = writing.catch(() => emptyFiles()).then(() => writeAll());
      return writing;
    },
  };

  const writeAll = async (): Promise<RecordingFiles> => {
    await mkdir(directory, { recursive: true });
    const scenarioFiles: string[] = [];
    for (const [spec, operations] of scenarios) {
      const file = join(directory, `${spec}.recorded.yaml`);
      const content = {
        spec,
        description: 'Answers recorded through mockgram proxy that passed validation against the spec.',
        operations: Object.fromEntries(
          [...operations].map(([id, named]) => [id, { scenarios: Object.fromEntries(named) }]),
        ),
      };
      await writeAtomically(
        file,
        `${HEADER}${stringifyYaml(content, { aliasDuplicateObjects: false, lineWidth: 0 })}`,
      );
      scenarioFiles.push(file);
    }
    const driftFiles: string[] = [];
    for (const [spec, entries] of drift) {
      const folder = join(directory, 'drift');
      await mkdir(folder, { recursive: true });
      const file = join(folder, `${spec}.yaml`);
      const content = {
        drift: true,
        spec,
        description:
          'Exchanges recorded through mockgram proxy that broke the spec. Not scenarios: mockgram mock does not read this folder.',
        exchanges: entries,
      };
      await writeAtomically(file, stringifyYaml(content, { aliasDuplicateObjects: false, lineWidth: 0 }));
      driftFiles.push(file);
    }
    return { scenarioFiles, driftFiles, recorded, drift: driftCount, dropped };
  };
  return recorder;
}

const HEADER = '# Recorded by mockgram proxy. Serve it with: mockgram mock --scenarios <this folder>\n';

function emptyFiles(): RecordingFiles {
  return { scenarioFiles: [], driftFiles: [], recorded: 0, drift: 0, dropped: 0 };
}

/** The body as a scenario holds it: parsed JSON, else the text; `undefined` when there is none. */
function readBody(contentType: string | undefined, text: string, secrets: readonly string[]): unknown {
  if (text === '') return undefined;
  const type = essence(contentType);
  if (type !== undefined && isJsonMediaType(type)) {
    try {
      return redactRecorded(JSON.parse(text) as unknown, secrets);
    } catch {
      return hideIn(text, secrets);
    }
  }
  return hideIn(text, secrets);
}

function uniqueName(taken: ReadonlyMap<string, unknown>, base: string): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** `createReplicaTelegramIntegration` → `create-replica-telegram-integration`, as scenario names must be. */
export function kebab(id: string): string {
  const words = id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return words === '' ? 'operation' : words;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, file);
}

/** A recording from an earlier run: its scenarios are kept and their names stay taken. */
function loadExisting(
  directory: string,
  spec: SpecIndex,
  into: Map<string, Map<string, Map<string, RecordedScenario>>>,
): void {
  const file = join(directory, `${spec.name}.recorded.yaml`);
  if (!existsSync(file)) return;
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new MockgramError('SCENARIO_INVALID', `${file}: not valid YAML; move it away to record afresh`, {
      cause,
    });
  }
  const operations = isRecord(parsed) && isRecord(parsed['operations']) ? parsed['operations'] : {};
  const bySpec = new Map<string, Map<string, RecordedScenario>>();
  for (const [id, entry] of Object.entries(operations)) {
    const named = isRecord(entry) && isRecord(entry['scenarios']) ? entry['scenarios'] : {};
    const byOperation = new Map<string, RecordedScenario>();
    for (const [name, scenario] of Object.entries(named)) {
      if (isRecord(scenario) && typeof scenario['status'] === 'number')
        byOperation.set(name, {
          description: typeof scenario['description'] === 'string' ? scenario['description'] : '',
          status: scenario['status'],
          verbatim: true,
          ...(scenario['body'] !== undefined && { body: scenario['body'] }),
          ...(isRecord(scenario['headers']) && { headers: stringValues(scenario['headers']) }),
        });
    }
    if (byOperation.size > 0) bySpec.set(id, byOperation);
  }
  if (bySpec.size > 0) into.set(spec.name, bySpec);
}

function stringValues(record: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) if (typeof value === 'string') out[key] = value;
  return out;
}
