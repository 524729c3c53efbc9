import type { RequestListener } from 'node:http';
import { isAdminPath } from '../admin/adminPrefix.ts';
import { answerInternalError } from './createMockHttpHandler.ts';
import type { MockServer } from './createMockServer.ts';

/**
 * The plain `node:http` listener of a door: `/__mock` goes to the Express admin app (loaded on first use, so a door
 * that is never administered never loads Express), CORS preflights are answered, everything else goes to the door's
 * own handler; an unexpected failure is answered as a 500 and the server stays up.
 */
export function createRawListener(server: () => MockServer): RequestListener {
  let adminApp: Promise<RequestListener> | undefined;
  return (request, response) => {
    const current = server();
    const fail = (error: unknown): void => {
      answerInternalError(error, request, response, current.logger);
    };
    if (isAdminPath(request.url ?? '/')) {
      adminApp ??= import('./toExpressApp.ts').then(({ toExpressApp }) => toExpressApp(current));
      adminApp.then((app) => {
        app(request, response);
      }, fail);
      return;
    }
    if (current.cors.preflight(request, response)) return;
    current.handleMock(request, response).catch(fail);
  };
}
