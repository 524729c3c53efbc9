/** `mockgram/client`: the admin API of a running mock, for end-to-end tests and scripts. Imports no `node:` module. */
export {
  connectMock,
  type ConnectOptions,
  type MockClient,
  type MockScenarios,
  type OperationId,
  type ScenarioName,
  type SessionOption,
  type UseOptions,
} from './connectMock.ts';
export { MockClientError, type MockClientErrorDetails } from './MockClientError.ts';
export { readCoverageReport } from './readCoverageReport.ts';
export type {
  ActiveChoices,
  CatalogRule,
  CatalogScenario,
  HealthView,
  RequestRecord,
  ScenarioCatalogView,
  SeedResult,
  StateSeed,
  StateView,
  UseResult,
} from './types.ts';
export type {
  CoverageReport,
  CoverageTotals,
  OperationCoverage,
  UnmatchedRequest,
} from '../coverage/createCoverage.ts';
export type { ResourceState } from '../state/stateSnapshot.ts';
