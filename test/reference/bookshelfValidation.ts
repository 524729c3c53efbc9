import { isJsonObject, isNonEmptyString, isUuid } from './validation.ts';

/** One problem with a request, in the shape of the fixture's problem details `errors`. */
export interface FieldError {
  readonly location: 'body' | 'path' | 'query';
  readonly path: string;
  readonly message: string;
}

export const BOOK_STATUSES = ['available', 'lent', 'lost'] as const;
export type BookStatus = (typeof BOOK_STATUSES)[number];

export interface BookFields {
  readonly title: string;
  readonly author: string;
  readonly isbn?: string;
  readonly status?: BookStatus;
  readonly tags?: readonly string[];
}

export interface LoanFields {
  readonly borrower: string;
  readonly dueDate?: string;
}

export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldError[] };

const ISBN = /^97[89]\d{10}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const BOOK_KEYS = ['title', 'author', 'isbn', 'status', 'tags'];

export function isBookStatus(value: unknown): value is BookStatus {
  return BOOK_STATUSES.some((status) => status === value);
}

/**
 * A new or replacing book (`NewBook`): title and author required, no other properties than the five; a patch
 * (`BookPatch`) takes any of them, at least one.
 */
export function checkBook(body: unknown, mode: 'whole' | 'patch'): Checked<Partial<BookFields>> {
  if (!isJsonObject(body)) return failed('', 'must be a JSON object');
  const errors: FieldError[] = [];
  const problem = (path: string, message: string): void => {
    errors.push({ location: 'body', path, message });
  };
  for (const key of Object.keys(body))
    if (!BOOK_KEYS.includes(key)) problem(`/${key}`, 'is not a book property');
  if (mode === 'patch' && Object.keys(body).length === 0) problem('', 'must change at least one property');
  const { title, author, isbn, status, tags } = body;
  if (title !== undefined || mode === 'whole') {
    if (!isNonEmptyString(title) || title.length > 200) problem('/title', 'must be 1 to 200 characters');
  }
  if ((author !== undefined || mode === 'whole') && !isNonEmptyString(author))
    problem('/author', 'must be a non-empty string');
  if (isbn !== undefined && (typeof isbn !== 'string' || !ISBN.test(isbn)))
    problem('/isbn', 'must be a 13-digit ISBN starting with 978 or 979');
  if (status !== undefined && !isBookStatus(status))
    problem('/status', `must be one of ${BOOK_STATUSES.join(', ')}`);
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((tag) => typeof tag === 'string')))
    problem('/tags', 'must be a list of strings');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(typeof title === 'string' ? { title } : {}),
      ...(typeof author === 'string' ? { author } : {}),
      ...(typeof isbn === 'string' ? { isbn } : {}),
      ...(isBookStatus(status) ? { status } : {}),
      ...(Array.isArray(tags) ? { tags: tags.filter((tag): tag is string => typeof tag === 'string') } : {}),
    },
  };
}

export function checkLoan(body: unknown): Checked<LoanFields> {
  if (!isJsonObject(body)) return failed('', 'must be a JSON object');
  const errors: FieldError[] = [];
  for (const key of Object.keys(body))
    if (key !== 'borrower' && key !== 'dueDate')
      errors.push({ location: 'body', path: `/${key}`, message: 'is not a loan property' });
  const { borrower, dueDate } = body;
  if (!isNonEmptyString(borrower))
    errors.push({ location: 'body', path: '/borrower', message: 'must be a non-empty string' });
  if (dueDate !== undefined && (typeof dueDate !== 'string' || !DATE.test(dueDate)))
    errors.push({ location: 'body', path: '/dueDate', message: 'must be a date (YYYY-MM-DD)' });
  if (errors.length > 0 || !isNonEmptyString(borrower)) return { ok: false, errors };
  return { ok: true, value: typeof dueDate === 'string' ? { borrower, dueDate } : { borrower } };
}

/** A non-negative whole number in a query parameter, within bounds. */
export function checkQueryInteger(
  raw: unknown,
  name: string,
  min: number,
  max: number,
): Checked<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isInteger(value) && value >= min && value <= max) return { ok: true, value };
  return {
    ok: false,
    errors: [{ location: 'query', path: name, message: `must be a whole number from ${min} to ${max}` }],
  };
}

export function isBookId(value: string): boolean {
  return isUuid(value);
}

/** A loan id as the path carries it: a whole number from 1. */
export function loanIdOf(value: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined;
}

function failed(path: string, message: string): { ok: false; errors: FieldError[] } {
  return { ok: false, errors: [{ location: 'body', path, message }] };
}
