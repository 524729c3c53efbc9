import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { BOOKSHELF_SPEC } from '../support/paths.ts';
import { admin, call, valid, validArray, type CallOptions } from './http.ts';

/** A CRUD spec written for these tests, served with no scenario file: state comes from its shape alone. */
const BASE = '/shelf/v2/books';
const KEY = { 'X-Api-Key': 'shelf-key' };
const EARTHSEA = {
  title: 'A Wizard of Earthsea',
  author: 'Ursula K. Le Guin',
  isbn: '9780547773742',
  status: 'available',
};
const DUNE = { title: 'Dune', author: 'Frank Herbert', status: 'lent', tags: ['science fiction'] };
const LATHE = { title: 'The Lathe of Heaven', author: 'Ursula K. Le Guin', status: 'available' };

let mock: StartedMock;
let checker: SpecChecker;

beforeAll(async () => {
  checker = await loadSpecChecker(BOOKSHELF_SPEC);
  mock = await startMock({ specs: [BOOKSHELF_SPEC] });
});

afterAll(async () => {
  await mock.close();
});

beforeEach(async () => {
  expect((await admin(mock, 'POST', '/reset')).status).toBe(200);
});

const withKey = (extra: CallOptions = {}): CallOptions => ({ headers: KEY, ...extra });

async function addBook(book: object): Promise<Record<string, unknown>> {
  const answer = await call(mock, 'POST', BASE, withKey({ body: book }));
  const created = valid(checker, 'createBook', answer, 201);
  expect(answer.headers['location']).toBe(`${BASE}/${String(created['id'])}`);
  return created;
}

describe('bookshelf: a classic resource, inferred from the spec', () => {
  it('create → read → replace → merge → read → delete → read (404 problem+json)', async () => {
    const created = await addBook(EARTHSEA);
    expect(created).toMatchObject(EARTHSEA);
    const at = `${BASE}/${String(created['id'])}`;
    expect(valid(checker, 'getBook', await call(mock, 'GET', at, withKey()), 200)).toEqual(created);

    const replaced = valid(
      checker,
      'replaceBook',
      await call(mock, 'PUT', at, withKey({ body: { title: 'Earthsea', author: 'U. K. Le Guin' } })),
      200,
    );
    expect(replaced).toMatchObject({
      id: created['id'],
      title: 'Earthsea',
      author: 'U. K. Le Guin',
      createdAt: created['createdAt'],
    });
    expect(replaced).not.toHaveProperty('isbn');
    expect(replaced['status']).toBe('available');
    expect(Date.parse(String(replaced['updatedAt']))).toBeGreaterThan(
      Date.parse(String(created['updatedAt'])),
    );

    const patched = await call(
      mock,
      'PATCH',
      at,
      withKey({ body: { status: 'lost', tags: ['fantasy'] }, contentType: 'application/merge-patch+json' }),
    );
    const merged = valid(checker, 'updateBook', patched, 200);
    expect(merged).toMatchObject({ title: 'Earthsea', status: 'lost', tags: ['fantasy'] });
    expect(valid(checker, 'getBook', await call(mock, 'GET', at, withKey()), 200)).toEqual(merged);

    const removed = await call(mock, 'DELETE', at, withKey());
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    const gone = await call(mock, 'GET', at, withKey());
    const problem = valid(checker, 'getBook', gone, 404);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem).toMatchObject({ status: 404, title: 'Not Found' });
    expect(String(problem['detail'])).toContain(String(created['id']));
    expect((await call(mock, 'DELETE', at, withKey())).status).toBe(404);
  });

  it('a merge patch with null removes an optional field and keeps the rest', async () => {
    const created = await addBook(EARTHSEA);
    const at = `${BASE}/${String(created['id'])}`;
    const patched = await call(
      mock,
      'PATCH',
      at,
      withKey({ body: { isbn: null }, contentType: 'application/merge-patch+json' }),
    );
    const merged = valid(checker, 'updateBook', patched, 200);
    expect(merged).not.toHaveProperty('isbn');
    expect(merged).toMatchObject({ title: EARTHSEA.title, author: EARTHSEA.author });
  });

  it('lists with the query filters that name fields, a page, and the total of all matches', async () => {
    const books = [await addBook(EARTHSEA), await addBook(DUNE), await addBook(LATHE)];
    const all = valid(checker, 'listBooks', await call(mock, 'GET', BASE, withKey()), 200);
    expect(all).toEqual({ items: books, total: 3 });
    const byAuthor = await call(
      mock,
      'GET',
      `${BASE}?author=${encodeURIComponent('Ursula K. Le Guin')}`,
      withKey(),
    );
    expect(valid(checker, 'listBooks', byAuthor, 200)).toEqual({ items: [books[0], books[2]], total: 2 });
    const page = await call(mock, 'GET', `${BASE}?status=available&limit=1&offset=1`, withKey());
    expect(valid(checker, 'listBooks', page, 200)).toEqual({ items: [books[2]], total: 2 });
  });
});

describe('bookshelf: loans, a collection nested under each book', () => {
  it('belong to their book: listed per book, read by id, removed with the book', async () => {
    const book = await addBook(EARTHSEA);
    const other = await addBook(DUNE);
    const loans = `${BASE}/${String(book['id'])}/loans`;
    const lend = async (at: string, borrower: string): Promise<Record<string, unknown>> =>
      valid(checker, 'lendBook', await call(mock, 'POST', at, withKey({ body: { borrower } })), 201);
    const first = await lend(loans, 'Ged');
    const second = await lend(loans, 'Tenar');
    expect(first).toMatchObject({ bookId: book['id'], borrower: 'Ged' });
    await lend(`${BASE}/${String(other['id'])}/loans`, 'Paul');

    expect(validArray(checker, 'listLoans', await call(mock, 'GET', loans, withKey()), 200)).toEqual([
      first,
      second,
    ]);
    const filtered = await call(mock, 'GET', `${loans}?borrower=Tenar`, withKey());
    expect(validArray(checker, 'listLoans', filtered, 200)).toEqual([second]);
    const one = await call(mock, 'GET', `${loans}/${String(first['id'])}`, withKey());
    expect(valid(checker, 'getLoan', one, 200)).toEqual(first);

    expect((await call(mock, 'DELETE', `${BASE}/${String(book['id'])}`, withKey())).status).toBe(204);
    valid(checker, 'listLoans', await call(mock, 'GET', loans, withKey()), 404);
    valid(checker, 'getLoan', await call(mock, 'GET', `${loans}/${String(first['id'])}`, withKey()), 404);
    const otherLoans = await call(mock, 'GET', `${BASE}/${String(other['id'])}/loans`, withKey());
    expect(validArray(checker, 'listLoans', otherLoans, 200)).toHaveLength(1);
  });

  it('cannot be made for a book that does not exist', async () => {
    const answer = await call(
      mock,
      'POST',
      `${BASE}/6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b/loans`,
      withKey({ body: { borrower: 'Ged' } }),
    );
    valid(checker, 'lendBook', answer, 404);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
