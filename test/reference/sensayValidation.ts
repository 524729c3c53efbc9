import { describeJsonType, isJsonObject } from './validation.ts';

export interface SensayTelegramRequest {
  readonly telegram_token: string;
  readonly mention: string;
}

export interface SensayValidationRules {
  readonly requireMention: boolean;
  readonly allowExtraProperties: boolean;
}

export const STRICT_SENSAY_RULES: SensayValidationRules = {
  requireMention: true,
  allowExtraProperties: false,
};

export type SensayValidationResult =
  | { readonly ok: true; readonly value: SensayTelegramRequest }
  | { readonly ok: false; readonly message: string };

const FIELDS: readonly string[] = ['telegram_token', 'mention'];

type FieldCheck = { readonly value: string } | { readonly problem: string };

function checkStringField(body: Record<string, unknown>, field: string): FieldCheck {
  if (!Object.hasOwn(body, field)) return { problem: `${field} is required` };
  const value = body[field];
  if (typeof value !== 'string')
    return { problem: `${field} must be a string, got ${describeJsonType(value)}` };
  if (value.length === 0) return { problem: `${field} must not be empty` };
  return { value };
}

/** Exactly `telegram_token` and `mention`, both non-empty strings; the first problem is reported. */
export function validateSensayBody(body: unknown, rules: SensayValidationRules): SensayValidationResult {
  if (!isJsonObject(body)) {
    return { ok: false, message: `The request body must be a JSON object, got ${describeJsonType(body)}` };
  }
  const unknownProperty = Object.keys(body).find((key) => !FIELDS.includes(key));
  if (unknownProperty !== undefined && !rules.allowExtraProperties) {
    return {
      ok: false,
      message: `Unknown property "${unknownProperty}" in the request body: only telegram_token and mention are allowed`,
    };
  }
  const token = checkStringField(body, 'telegram_token');
  if ('problem' in token) return { ok: false, message: token.problem };
  if (!Object.hasOwn(body, 'mention') && !rules.requireMention) {
    return { ok: true, value: { telegram_token: token.value, mention: '' } };
  }
  const mention = checkStringField(body, 'mention');
  if ('problem' in mention) return { ok: false, message: mention.problem };
  return { ok: true, value: { telegram_token: token.value, mention: mention.value } };
}
