import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

/** An admin API error as `application/problem+json` (RFC 9457). */
export function sendProblem(response: Response, status: number, detail: string): void {
  response
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail }));
}
