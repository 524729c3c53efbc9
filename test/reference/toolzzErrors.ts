import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { MutantName } from './mutants.ts';

/** Sends Toolzz's (assumed) error envelope: `{statusCode, message, error}` where `error` is the reason phrase. */
export function sendToolzzError(
  response: Response,
  mutant: MutantName | undefined,
  status: number,
  message: string | readonly string[],
): void {
  const error = STATUS_CODES[status] ?? 'Error';
  const shownMessage = mutant === 'toolzz-error-message-as-object' ? { detail: message } : message;
  response.status(status).json({ statusCode: status, message: shownMessage, error });
}
