/** mockgram's public API. Everything else is internal and may change. */
export {
  createMockApp,
  MOCK_HEADERS,
  type MockApp,
  type MockAppOptions,
  type MockControl,
} from './server/createMockApp.ts';
export { createMockServer, type MockServer } from './server/createMockServer.ts';
export { bundledApis, BUNDLED_API_NAMES, type BundledApiName, type BundledApis } from './bundledApis.ts';
export { CONFLICT_POLICIES, type ConflictPolicy, type OverriddenOperation } from './routing/layerSpecs.ts';
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
export {
  loadScenarioInputs,
  loadScenarioProbes,
  type ScenarioInputs,
} from './contract/loadScenarioProbes.ts';
export { renderJunit } from './contract/renderJunit.ts';
export { renderSummary } from './contract/renderSummary.ts';
export {
  evaluateCoverage,
  type CoverageGateResult,
  type CoverageItem,
  type CoverageThresholds,
  type ThresholdVerdict,
} from './gate/evaluateCoverage.ts';
export { renderCoverageTable } from './gate/renderCoverageTable.ts';
export { renderCoverageJunit, type CoverageReportOptions } from './gate/renderCoverageJunit.ts';
export { renderCoverageCtrf, type CtrfOptions, type CtrfReport } from './gate/renderCoverageCtrf.ts';
export type { CoverageReport, OperationCoverage, UnmatchedRequest } from './coverage/createCoverage.ts';
export { renderScenarioTypes, type ScenarioTypesOptions } from './codegen/renderScenarioTypes.ts';
export { MockgramError, ERROR_CODES, type MockgramErrorCode } from './errors.ts';
export type { Diagnostic, DiagnosticLocation } from './validate/diagnostic.ts';
export type { SpecIndex, OperationSpec, ResponseSpec } from './spec/types.ts';
