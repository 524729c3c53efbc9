import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import type { ErrorRequestHandler, Express, Request, Response, Router } from 'express';
import {
  checkBook,
  checkLoan,
  checkQueryInteger,
  isBookId,
  isBookStatus,
  loanIdOf,
  type BookFields,
  type BookStatus,
  type FieldError,
} from './bookshelfValidation.ts';
import { matchesAnySecret } from './credentials.ts';
import { bufferRequestBody, clientErrorStatusOf, readJsonBody } from './requestBody.ts';

/** The fixture's server URL path: the app is mounted there. */
export const BOOKSHELF_BASE_PATH = '/shelf/v2';

/** Deliberately broken variants, each caught by one stateful check of the contract runner. */
export const BOOKSHELF_MUTANTS = [
  'bookshelf-read-serves-deleted', // delete then read: a deleted book still reads back (a stale cache)
] as const;
export type BookshelfMutant = (typeof BOOKSHELF_MUTANTS)[number];

export interface BookshelfOptions {
  /** Accepted `X-Api-Key` values; others get 401 (which the fixture does not document). */
  readonly apiKeys: readonly string[];
  readonly mutant?: BookshelfMutant | undefined;
}

interface Book extends BookFields {
  readonly id: string;
  readonly status: BookStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface Loan {
  readonly id: number;
  readonly bookId: string;
  readonly borrower: string;
  readonly dueDate?: string;
  readonly lentAt: string;
}

/**
 * A small stateful implementation of `test/fixtures/bookshelf-3.1.yaml`, written from the spec alone: books in
 * memory, each with its loans, problem+json errors. Where the spec documents no 400 for an operation, a malformed id
 * is a 404 (no book has it); where it documents no 415, a wrong media type is a 400.
 */
export function createBookshelfApp(options: BookshelfOptions): Express {
  const books = new Map<string, Book>();
  const deleted = new Map<string, Book>();
  const loans = new Map<string, Loan[]>();
  let nextLoanId = 1;
  let lastStamp = 0;
  const now = (): string => {
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };

  const router: Router = express.Router({ caseSensitive: true, strict: true });
  router.use((request, response, next) => {
    const key = request.get('x-api-key');
    if (key !== undefined && matchesAnySecret(key, options.apiKeys)) {
      next();
      return;
    }
    problem(
      response,
      401,
      key === undefined ? 'The X-Api-Key header is required' : 'The X-Api-Key is not valid',
    );
  });

  const bookOr404 = (request: Request, response: Response, invalidStatus: 400 | 404): Book | undefined => {
    const bookId = String(request.params['bookId']);
    if (!isBookId(bookId)) {
      problem(response, invalidStatus, `bookId must be a UUID, got "${bookId}"`, [
        { location: 'path', path: 'bookId', message: 'must be a UUID' },
      ]);
      return undefined;
    }
    const book = books.get(bookId.toLowerCase());
    if (book) return book;
    const stale = options.mutant === 'bookshelf-read-serves-deleted' && request.method === 'GET';
    const cached = stale ? deleted.get(bookId.toLowerCase()) : undefined;
    if (cached) return cached;
    problem(response, 404, `No book has the id ${bookId}`);
    return undefined;
  };

  /** The JSON body, or undefined once a 400 or the media-type status has been answered. */
  const jsonBody = (
    request: Request,
    response: Response,
    mediaType: string,
    unsupported: 400 | 415,
  ): { value: unknown } | undefined => {
    const contentType = request.get('content-type');
    const essence = contentType?.split(';', 1)[0]?.trim().toLowerCase();
    const body = readJsonBody(request, { anyMediaType: true });
    if (body.kind === 'missing') {
      problem(response, 400, `Send a ${mediaType} body`);
      return undefined;
    }
    if (essence !== mediaType) {
      problem(
        response,
        unsupported,
        `Send the body as ${mediaType}, not ${essence ?? 'without a Content-Type'}`,
      );
      return undefined;
    }
    if (body.kind === 'json') return { value: body.value };
    problem(
      response,
      400,
      body.kind === 'malformed' ? `The body is not valid JSON: ${body.reason}` : 'Bad body',
    );
    return undefined;
  };

  router.get('/books', (request, response) => {
    const { author, status } = request.query;
    const limit = checkQueryInteger(request.query['limit'], 'limit', 1, 100);
    const offset = checkQueryInteger(request.query['offset'], 'offset', 0, Number.MAX_SAFE_INTEGER);
    const errors = [...(limit.ok ? [] : limit.errors), ...(offset.ok ? [] : offset.errors)];
    if (status !== undefined && !isBookStatus(status))
      errors.push({ location: 'query', path: 'status', message: 'must be available, lent or lost' });
    if (errors.length > 0 || !limit.ok || !offset.ok) {
      problem(response, 400, 'The query is not valid', errors);
      return;
    }
    const matching = [...books.values()].filter(
      (book) =>
        (typeof author !== 'string' || book.author === author) &&
        (status === undefined || book.status === status),
    );
    const start = offset.value ?? 0;
    response.json({ items: matching.slice(start, start + (limit.value ?? 20)), total: matching.length });
  });

  router.post('/books', bufferRequestBody(), (request, response) => {
    const body = jsonBody(request, response, 'application/json', 415);
    if (!body) return;
    const checked = checkBook(body.value, 'whole');
    if (!checked.ok) {
      problem(response, 400, 'The book is not valid', checked.errors);
      return;
    }
    const stamp = now();
    const book = stored({
      ...wholeBook(checked.value),
      id: randomUUID(),
      createdAt: stamp,
      updatedAt: stamp,
    });
    books.set(book.id, book);
    loans.set(book.id, []);
    response.status(201).location(`${BOOKSHELF_BASE_PATH}/books/${book.id}`).json(book);
  });

  router.get('/books/:bookId', (request, response) => {
    const book = bookOr404(request, response, 404);
    if (book) response.json(book);
  });

  router.put('/books/:bookId', bufferRequestBody(), (request, response) => {
    const body = jsonBody(request, response, 'application/json', 400);
    if (!body) return;
    const current = bookOr404(request, response, 400);
    if (!current) return;
    const checked = checkBook(body.value, 'whole');
    if (!checked.ok) {
      problem(response, 400, 'The book is not valid', checked.errors);
      return;
    }
    const book = stored({
      ...wholeBook(checked.value),
      id: current.id,
      createdAt: current.createdAt,
      updatedAt: now(),
    });
    books.set(book.id, book);
    response.json(book);
  });

  router.patch('/books/:bookId', bufferRequestBody(), (request, response) => {
    const body = jsonBody(request, response, 'application/merge-patch+json', 400);
    if (!body) return;
    const current = bookOr404(request, response, 400);
    if (!current) return;
    const checked = checkBook(body.value, 'patch');
    if (!checked.ok) {
      problem(response, 400, 'The change is not valid', checked.errors);
      return;
    }
    const book = stored({ ...current, ...checked.value, updatedAt: now() });
    books.set(book.id, book);
    response.json(book);
  });

  router.delete('/books/:bookId', (request, response) => {
    const book = bookOr404(request, response, 404);
    if (!book) return;
    books.delete(book.id);
    loans.delete(book.id);
    deleted.set(book.id, book);
    response.status(204).end();
  });

  router.get('/books/:bookId/loans', (request, response) => {
    const book = bookOr404(request, response, 404);
    if (!book) return;
    const { borrower } = request.query;
    response.json(
      (loans.get(book.id) ?? []).filter((loan) => typeof borrower !== 'string' || loan.borrower === borrower),
    );
  });

  router.post('/books/:bookId/loans', bufferRequestBody(), (request, response) => {
    const body = jsonBody(request, response, 'application/json', 400);
    if (!body) return;
    const book = bookOr404(request, response, 400);
    if (!book) return;
    const checked = checkLoan(body.value);
    if (!checked.ok) {
      problem(response, 400, 'The loan is not valid', checked.errors);
      return;
    }
    const loan: Loan = { id: nextLoanId++, bookId: book.id, ...checked.value, lentAt: now() };
    loans.get(book.id)?.push(loan);
    response.status(201).json(loan);
  });

  const loanOr404 = (request: Request, response: Response): { book: Book; loan: Loan } | undefined => {
    const book = bookOr404(request, response, 404);
    if (!book) return undefined;
    const loanId = loanIdOf(String(request.params['loanId']));
    const loan = loanId === undefined ? undefined : loans.get(book.id)?.find((l) => l.id === loanId);
    if (loan) return { book, loan };
    problem(response, 404, `Book ${book.id} has no loan ${String(request.params['loanId'])}`);
    return undefined;
  };

  router.get('/books/:bookId/loans/:loanId', (request, response) => {
    const found = loanOr404(request, response);
    if (found) response.json(found.loan);
  });

  router.delete('/books/:bookId/loans/:loanId', (request, response) => {
    const found = loanOr404(request, response);
    if (!found) return;
    loans.set(
      found.book.id,
      (loans.get(found.book.id) ?? []).filter((loan) => loan.id !== found.loan.id),
    );
    response.status(204).end();
  });

  for (const [path, allowed] of [
    ['/books', 'GET, POST'],
    ['/books/:bookId', 'GET, PUT, PATCH, DELETE'],
    ['/books/:bookId/loans', 'GET, POST'],
    ['/books/:bookId/loans/:loanId', 'GET, DELETE'],
  ] as const) {
    router.all(path, (request, response) => {
      response.set('Allow', allowed);
      problem(response, 405, `${request.method} is not allowed here: use ${allowed}`);
    });
  }
  router.use((request, response) => {
    problem(response, 404, `No route for ${request.method} ${request.originalUrl}`);
  });
  router.use(answerFailure);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(BOOKSHELF_BASE_PATH, router);
  app.use((request, response) => {
    problem(response, 404, `No route for ${request.method} ${request.originalUrl}`);
  });
  return app;
}

/** Starts the bookshelf on 127.0.0.1, on a free port; `url` includes the base path. */
export async function startBookshelfServer(
  options: BookshelfOptions,
): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createServer(createBookshelfApp(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the bookshelf has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}${BOOKSHELF_BASE_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeIdleConnections();
      }),
  };
}

/** A book as the API keeps and shows it: its own properties only, a status always. */
function stored(book: BookFields & Pick<Book, 'id' | 'createdAt' | 'updatedAt'>): Book {
  return {
    id: book.id,
    title: book.title,
    author: book.author,
    ...(book.isbn === undefined ? {} : { isbn: book.isbn }),
    status: book.status ?? 'available',
    ...(book.tags === undefined ? {} : { tags: book.tags }),
    createdAt: book.createdAt,
    updatedAt: book.updatedAt,
  };
}

/** A checked `NewBook` body: title and author are there (`checkBook` in whole mode demands them). */
function wholeBook(fields: Partial<BookFields>): BookFields {
  return { ...fields, title: fields.title ?? '', author: fields.author ?? '' };
}

function problem(
  response: Response,
  status: number,
  detail: string,
  errors: readonly FieldError[] = [],
): void {
  const titles: Readonly<Record<number, string>> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    405: 'Method Not Allowed',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
    500: 'Internal Server Error',
  };
  response
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title: titles[status] ?? 'Error',
        status,
        detail,
        ...(errors.length > 0 ? { errors } : {}),
      }),
    );
}

const answerFailure: ErrorRequestHandler = (error: unknown, _request, response, next) => {
  if (response.headersSent) {
    next(error);
    return;
  }
  const status = clientErrorStatusOf(error) ?? 500;
  problem(response, status, error instanceof Error ? error.message : 'The request failed');
};
