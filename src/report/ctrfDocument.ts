/** The version of the CTRF specification mockgram's reports follow (test/schemas/ctrf.schema.json). */
export const CTRF_SPEC_VERSION = '0.0.0';

export type CtrfStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

export interface CtrfTest {
  readonly name: string;
  readonly status: CtrfStatus;
  readonly duration: number;
  readonly suite: readonly string[];
  readonly message?: string;
  readonly trace?: string;
  readonly type: string;
  readonly tags: readonly string[];
  readonly extra: Readonly<Record<string, unknown>>;
}

/** A Common Test Report Format document (the fields mockgram writes), with the report's own `results.extra`. */
export interface CtrfDocument<Extra> {
  readonly reportFormat: 'CTRF';
  readonly specVersion: string;
  readonly reportId: string;
  readonly timestamp: string;
  readonly generatedBy: string;
  readonly results: {
    readonly tool: { readonly name: string };
    readonly summary: Readonly<Record<CtrfStatus | 'tests' | 'suites' | 'start' | 'stop', number>>;
    readonly tests: readonly CtrfTest[];
    readonly extra: Extra;
  };
}

export interface CtrfDocumentInput<Extra> {
  /** The command that wrote it, e.g. `mockgram coverage`. */
  readonly generatedBy: string;
  readonly tests: readonly CtrfTest[];
  readonly suites: number;
  /** When the run started and the report was written, in epoch milliseconds (default: now). */
  readonly start?: number | undefined;
  readonly stop?: number | undefined;
  /** A UUID for the document (default: a random one). */
  readonly reportId?: string | undefined;
  readonly extra: Extra;
}

/** Wraps a report's tests in a CTRF document: the summary counted from the tests, the times, an id. */
export function ctrfDocument<Extra>(input: CtrfDocumentInput<Extra>): CtrfDocument<Extra> {
  const stop = input.stop ?? Date.now();
  const start = input.start ?? stop;
  const { tests } = input;
  const count = (status: CtrfStatus): number => tests.filter((test) => test.status === status).length;
  return {
    reportFormat: 'CTRF',
    specVersion: CTRF_SPEC_VERSION,
    reportId: input.reportId ?? crypto.randomUUID(),
    timestamp: new Date(stop).toISOString(),
    generatedBy: input.generatedBy,
    results: {
      tool: { name: 'mockgram' },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: count('pending'),
        other: count('other'),
        suites: input.suites,
        start,
        stop,
      },
      tests,
      extra: input.extra,
    },
  };
}
