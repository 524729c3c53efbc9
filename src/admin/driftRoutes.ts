import express, { type Router } from 'express';
import type { RecordingFiles } from '../proxy/createRecorder.ts';
import type { DriftReport } from '../proxy/driftTypes.ts';
import { sendProblem } from './sendProblem.ts';

/** What the admin API reads and resets in proxy mode. */
export interface DriftControl {
  report(): DriftReport;
  clear(): void;
  /** Writes the recording now; undefined when the proxy is not recording. */
  readonly flush: (() => Promise<RecordingFiles>) | undefined;
}

/**
 * `GET /drift` (the drift seen through the proxy), `DELETE /drift` (start counting again) and
 * `POST /record/flush` (write the recording now).
 */
export function driftRoutes(drift: DriftControl): Router {
  const router = express.Router({ caseSensitive: true });
  router.get('/drift', (_request, response) => {
    response.json(drift.report());
  });
  router.delete('/drift', (_request, response) => {
    drift.clear();
    response.json(drift.report());
  });
  router.post('/record/flush', async (_request, response) => {
    const { flush } = drift;
    if (!flush) {
      sendProblem(response, 409, 'the proxy is not recording: start it with --record DIR');
      return;
    }
    response.json(await flush());
  });
  return router;
}
