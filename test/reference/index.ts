export { createReferenceApp } from './app.ts';
export { ASSUMPTION_VARIANTS, MUTANTS, MUTANT_CAUGHT_BY, isMutantName } from './mutants.ts';
export type { AssumptionVariantName, ContractCheckKind, MutantName } from './mutants.ts';
export type { ReferenceOptions } from './options.ts';
export { startReferenceServer } from './server.ts';
export type { ReferenceServer } from './server.ts';
export type { ReferenceStore, SensayIntegrationRecord, ToolzzIntegrationRecord } from './store.ts';
