import { randomBytes, randomInt } from 'node:crypto';
import type { Response } from 'express';
import type { MutantName } from './mutants.ts';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const REGION = 'iad1';

/** `<region>::<region>::<5 lowercase alnum>-<13 digit epoch ms>-<12 hex>`, as in Sensay's examples. */
export function createSensayRequestId(now = Date.now()): string {
  let shard = '';
  for (let index = 0; index < 5; index += 1) shard += ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length));
  return `${REGION}::${REGION}::${shard}-${String(now).padStart(13, '0')}-${randomBytes(6).toString('hex')}`;
}

/** 32 lowercase hex characters identifying one error event. */
export function createSensayFingerprint(): string {
  return randomBytes(16).toString('hex');
}

export interface SensayErrorDetails {
  /** Sensay's 404 body carries no fingerprint; every other error does. */
  readonly withFingerprint?: boolean;
  readonly innerException?: { readonly name: string; readonly message: string };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Sends Sensay's JSON error envelope: `{success: false, error, request_id, fingerprint?, inner_exception?}`. */
export function sendSensayError(
  response: Response,
  mutant: MutantName | undefined,
  status: number,
  message: string,
  details: SensayErrorDetails = {},
): void {
  response.status(status);
  if (mutant === 'sensay-html-error-pages') {
    response
      .type('html')
      .send(`<!doctype html><title>Error ${status}</title><h1>${escapeHtml(message)}</h1>`);
    return;
  }
  const body: Record<string, unknown> = { success: false, error: message };
  if (mutant !== 'sensay-error-without-request-id') body.request_id = createSensayRequestId();
  if (details.withFingerprint ?? true) body.fingerprint = createSensayFingerprint();
  if (details.innerException !== undefined) {
    body.inner_exception = { name: details.innerException.name, message: details.innerException.message };
  }
  response.json(body);
}
