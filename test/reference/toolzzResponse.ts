import type { MutantName } from './mutants.ts';
import type { ToolzzIntegrationRecord } from './store.ts';

function epochMillisOf(timestamp: string): number {
  return Date.parse(`${timestamp.slice(0, 10)}T${timestamp.slice(11, 23)}Z`);
}

/** The public shape of a Toolzz Telegram integration; the token is only ever shown masked. */
export function presentToolzzIntegration(
  record: ToolzzIntegrationRecord,
  mutant: MutantName | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: record.id,
    botId: record.botId,
    unitId: record.unitId,
    title: record.title,
    isActive: record.isActive,
    botToken: record.botTokenMasked,
    isTokenMasked: true,
    scope: mutant === 'toolzz-scope-not-in-enum' ? 'group' : record.scope,
    welcomeMessage: record.welcomeMessage,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    deletedAt: record.deletedAt,
  };
  if (mutant === 'toolzz-missing-isTokenMasked') delete body.isTokenMasked;
  if (mutant === 'toolzz-id-not-uuid') body.id = record.id.replaceAll('-', '');
  if (mutant === 'toolzz-timestamps-as-epoch-numbers') {
    body.createdAt = epochMillisOf(record.createdAt);
    body.updatedAt = epochMillisOf(record.updatedAt);
  }
  return body;
}
