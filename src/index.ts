/** mockgram's public API. Everything else is internal and may change. */
export {
  createMockApp,
  MOCK_HEADERS,
  type MockApp,
  type MockAppOptions,
  type MockControl,
} from './server/createMockApp.ts';
export { createMockServer, type MockServer } from './server/createMockServer.ts';
export { createMockEngine, type MockEngine, type MockEngineOptions } from './engine/createMockEngine.ts';
export type { MockRequest, MockResult } from './engine/handleMockRequest.ts';
export { createLogger, type Logger, type LogLevel } from './log/createLogger.ts';
export type { LogFormat, RequestLogEntry } from './log/formatLogLine.ts';
export {
  runContract,
  type ContractOptions,
  type ContractReport,
  type CaseResult,
  type ScenarioResult,
  type ScenarioProbe,
} from './contract/runContract.ts';
export { loadScenarioProbes } from './contract/loadScenarioProbes.ts';
export { renderJunit } from './contract/renderJunit.ts';
export { renderSummary } from './contract/renderSummary.ts';
export { MockgramError, ERROR_CODES, type MockgramErrorCode } from './errors.ts';
export type { Diagnostic, DiagnosticLocation } from './validate/diagnostic.ts';
export type { SpecIndex, OperationSpec, ResponseSpec } from './spec/types.ts';
