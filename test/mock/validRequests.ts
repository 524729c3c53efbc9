import { SENSAY, TOOLZZ } from './apis.ts';

export interface ValidRequest {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export const LIBRARY_KEY = { 'X-Library-Key': 'library-key-5e1d' } as const;

export const NEW_BOOK = {
  title: 'A Wizard of Earthsea',
  subtitle: null,
  publishedYear: null,
  authors: [{ name: 'Ursula K. Le Guin', born: null }],
} as const;

export const TOOLZZ_INTEGRATION = '29739191-500c-4c32-9ccc-9f753cb24abd';
export const TOOLZZ_UNIT = '0b7e4d3c-2a1f-4e9d-8c7b-6a5f4e3d2c1b';

/**
 * A valid request for every operation of the three specs, by operationId. Without state (or once its object
 * exists), each gets the operation's success status.
 */
export const VALID_REQUESTS: Readonly<Record<string, ValidRequest>> = {
  [SENSAY.operationId]: { method: 'post', path: SENSAY.path, headers: SENSAY.credentials, body: SENSAY.body },
  deleteReplicaTelegramIntegration: { method: 'delete', path: SENSAY.path, headers: SENSAY.credentials },
  [TOOLZZ.operationId]: { method: 'post', path: TOOLZZ.path, headers: TOOLZZ.credentials, body: TOOLZZ.body },
  getTelegramIntegration: {
    method: 'get',
    path: `${TOOLZZ.path}/${TOOLZZ_INTEGRATION}`,
    headers: TOOLZZ.credentials,
  },
  updateTelegramIntegration: {
    method: 'put',
    path: `${TOOLZZ.path}/${TOOLZZ_INTEGRATION}`,
    headers: TOOLZZ.credentials,
    body: { botId: TOOLZZ.body['botId'], unitId: TOOLZZ_UNIT, title: 'Support (private)', scope: 'private' },
  },
  listTelegramIntegrationsByUnit: {
    method: 'get',
    path: `${TOOLZZ.path}/unit/${TOOLZZ_UNIT}`,
    headers: TOOLZZ.credentials,
  },
  listBooks: {
    method: 'get',
    path: '/library/books?limit=5&tags=fantasy&tags=classic&status=available',
    headers: LIBRARY_KEY,
  },
  createBook: { method: 'post', path: '/library/books', headers: LIBRARY_KEY, body: NEW_BOOK },
  getBook: { method: 'get', path: '/library/books/7', headers: LIBRARY_KEY },
  deleteBook: { method: 'delete', path: '/library/books/7', headers: LIBRARY_KEY },
};
