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

export type ToolzzUpdateValidationResult =
  | { readonly ok: true; readonly value: Omit<ToolzzTelegramRequest, 'botToken'> }
  | { readonly ok: false; readonly messages: readonly string[] };

/** All five fields are checked and every problem is reported, one message each; unknown fields are ignored. */
export function validateToolzzBody(body: unknown, rules: ToolzzValidationRules): ToolzzValidationResult {
  if (!isJsonObject(body)) return { ok: false, messages: ['The request body must be a JSON object'] };
  const messages: string[] = [];
  const common = readCommonFields(body, rules, messages);
  const botToken = readField(body, messages, 'botToken', isNonEmptyString, 'must be a non-empty string');
  if (common === undefined || botToken === undefined) return { ok: false, messages };
  return { ok: true, value: { ...common, botToken } };
}

/** An update takes the create body without `botToken` (the token cannot be changed); unknown fields are ignored. */
export function validateToolzzUpdate(
  body: unknown,
  rules: ToolzzValidationRules,
): ToolzzUpdateValidationResult {
  if (!isJsonObject(body)) return { ok: false, messages: ['The request body must be a JSON object'] };
  const messages: string[] = [];
  const common = readCommonFields(body, rules, messages);
  return common === undefined ? { ok: false, messages } : { ok: true, value: common };
}

function readCommonFields(
  body: Record<string, unknown>,
  rules: ToolzzValidationRules,
  messages: string[],
): Omit<ToolzzTelegramRequest, 'botToken'> | undefined {
  const acceptScope = (value: unknown): value is string =>
    isToolzzScope(value) || (rules.lenientScope && typeof value === 'string');
  const botId = readField(body, messages, 'botId', isUuid, 'must be a UUID');
  const unitId = readField(body, messages, 'unitId', isUuid, 'must be a UUID');
  const title = readField(body, messages, 'title', isNonEmptyString, 'must be a non-empty string');
  const scope = readField(
    body,
    messages,
    'scope',
    acceptScope,
    `must be one of the following values: ${TOOLZZ_SCOPES.join(', ')}`,
  );
  if (botId === undefined || unitId === undefined || title === undefined || scope === undefined)
    return undefined;
  return { botId, unitId, title, scope: isToolzzScope(scope) ? scope : 'both' };
}

function readField<T>(
  fields: Record<string, unknown>,
  messages: string[],
  name: string,
  accept: (value: unknown) => value is T,
  problem: string,
): T | undefined {
  const value = fields[name];
  if (accept(value)) return value;
  messages.push(Object.hasOwn(fields, name) ? `${name} ${problem}` : `${name} is required and ${problem}`);
  return undefined;
}
