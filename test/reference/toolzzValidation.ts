import { TOOLZZ_SCOPES, isToolzzScope } from './toolzzScope.ts';
import type { ToolzzScope } from './toolzzScope.ts';
import { isJsonObject, isNonEmptyString, isUuid } from './validation.ts';

export interface ToolzzTelegramRequest {
  readonly botId: string;
  readonly unitId: string;
  readonly title: string;
  readonly scope: ToolzzScope;
  readonly botToken: string;
}

export interface ToolzzValidationRules {
  /** A string scope outside the enum silently becomes "both" instead of failing. */
  readonly lenientScope: boolean;
}

export const STRICT_TOOLZZ_RULES: ToolzzValidationRules = { lenientScope: false };

export type ToolzzValidationResult =
  | { readonly ok: true; readonly value: ToolzzTelegramRequest }
  | { readonly ok: false; readonly messages: readonly string[] };

/** All five fields are checked and every problem is reported, one message each; unknown fields are ignored. */
export function validateToolzzBody(body: unknown, rules: ToolzzValidationRules): ToolzzValidationResult {
  if (!isJsonObject(body)) return { ok: false, messages: ['The request body must be a JSON object'] };
  const fields = body;
  const messages: string[] = [];
  function field<T>(name: string, accept: (value: unknown) => value is T, problem: string): T | undefined {
    const value = fields[name];
    if (accept(value)) return value;
    messages.push(Object.hasOwn(fields, name) ? `${name} ${problem}` : `${name} is required and ${problem}`);
    return undefined;
  }
  const acceptScope = (value: unknown): value is string =>
    isToolzzScope(value) || (rules.lenientScope && typeof value === 'string');

  const botId = field('botId', isUuid, 'must be a UUID');
  const unitId = field('unitId', isUuid, 'must be a UUID');
  const title = field('title', isNonEmptyString, 'must be a non-empty string');
  const scope = field(
    'scope',
    acceptScope,
    `must be one of the following values: ${TOOLZZ_SCOPES.join(', ')}`,
  );
  const botToken = field('botToken', isNonEmptyString, 'must be a non-empty string');
  if (
    botId === undefined ||
    unitId === undefined ||
    title === undefined ||
    scope === undefined ||
    botToken === undefined
  ) {
    return { ok: false, messages };
  }
  return {
    ok: true,
    value: { botId, unitId, title, scope: isToolzzScope(scope) ? scope : 'both', botToken },
  };
}
