import type { Response } from 'express';
import { statusText } from '../http/statusText.ts';

/** An admin API error as `application/problem+json` (RFC 9457), with any extra members (e.g. `errors`). */
export function sendProblem(response: Response, status: number, detail: string, extra: object = {}): void {
  response
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title: statusText(status), status, detail, ...extra }));
}
