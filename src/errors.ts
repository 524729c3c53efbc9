/**
 * Every configuration or start-up failure mockgram reports, with a stable code and a hint saying what to do.
 * Invalid traffic is never an error: it is returned as diagnostics.
 */
export const ERROR_CODES = {
  SPEC_NOT_FOUND: 'Check the path; specs are read from the file system (YAML or JSON).',
  SPEC_UNPARSABLE: 'Fix the YAML/JSON syntax or the $ref that could not be resolved.',
  SPEC_UNSUPPORTED_VERSION: 'mockgram reads OpenAPI 3.0.x and 3.1.x documents (set the `openapi` field).',
  SPEC_INVALID: 'Fix the document so that it follows the OpenAPI specification.',
  SPEC_SCHEMA_INVALID:
    'A schema in the document could not be compiled; fix the keyword named in the message.',
  SCENARIO_INVALID:
    'Fix the scenario file at the path named in the message (schema: src/scenarios/scenarioFile.schema.json).',
  STATE_INVALID:
    "Fix the state seed at the path named in the message: the shape is what GET /__mock/state answers, and each object must match its resource's schema.",
  UNKNOWN_SCENARIO:
    'Choose a scenario the catalog defines for the operation (GET /__mock/scenarios lists them, with their operations).',
  ROUTE_COLLISION:
    'Two routes clash: mount one spec under another server URL, or (between specs) let the spec given later answer ' +
    'the shared operations, which is what happens without `--on-conflict error`.',
  INVALID_OPTION: 'Fix the option named in the message (`mockgram <command> --help` lists the options).',
  PORT_IN_USE:
    'Another process listens on that port: stop it, or pick another with --port (--port 0 picks a free one).',
  LISTEN_FAILED:
    'Check --host and --port: the address must exist on this machine and be allowed for this user.',
  MOCK_UNREACHABLE:
    'Start the mock (npx mockgram mock) and check the URL and port: the admin API answers under <baseUrl>/__mock.',
  MOCK_ADMIN_ERROR:
    'The mock refused the admin call; its detail names what to fix (an unknown scenario, operation or rule, a bad seed, or a missing admin token when it listens off loopback).',
} as const;

export type MockgramErrorCode = keyof typeof ERROR_CODES;

export class MockgramError extends Error {
  override readonly name = 'MockgramError';
  readonly code: MockgramErrorCode;
  readonly hint: string;

  constructor(code: MockgramErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.hint = ERROR_CODES[code];
  }
}

/** One line for a terminal: code, what happened, what to do. */
export function describeError(error: unknown): string {
  if (error instanceof MockgramError) return `${error.code}: ${error.message}\n  ${error.hint}`;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
