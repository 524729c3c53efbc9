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

/** A request every operation of the three specs answers with its success status, by operationId. */
export const VALID_REQUESTS: Readonly<Record<string, ValidRequest>> = {
  [SENSAY.operationId]: { method: 'post', path: SENSAY.path, headers: SENSAY.credentials, body: SENSAY.body },
  [TOOLZZ.operationId]: { method: 'post', path: TOOLZZ.path, headers: TOOLZZ.credentials, body: TOOLZZ.body },
  deleteReplicaTelegramIntegration: { method: 'delete', path: SENSAY.path, headers: SENSAY.credentials },
  getTelegramIntegration: {
    method: 'get',
    path: `${TOOLZZ.path}/29739191-500c-4c32-9ccc-9f753cb24abd`,
    headers: TOOLZZ.credentials,
  },
  listTelegramIntegrationsByUnit: {
    method: 'get',
    path: `${TOOLZZ.path}/unit/${String(TOOLZZ.body['unitId'])}`,
    headers: TOOLZZ.credentials,
  },
  updateTelegramIntegration: {
    method: 'put',
    path: `${TOOLZZ.path}/29739191-500c-4c32-9ccc-9f753cb24abd`,
    headers: TOOLZZ.credentials,
    body: { botId: TOOLZZ.body['botId'], unitId: TOOLZZ.body['unitId'], title: 'Renamed', scope: 'private' },
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
