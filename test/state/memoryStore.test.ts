import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/createMemoryStore.ts';
import { MockgramError } from '../../src/errors.ts';
import type { StoredObject } from '../../src/store/types.ts';

const object = (id: string, scope = '', weight = 10, resource = 'Loan'): StoredObject => ({
  spec: 'shelf',
  resource,
  scope,
  id,
  value: { id },
  weight,
});

describe('the in-memory store', () => {
  it("keeps the byte budget by taking the least recently used session's oldest objects", async () => {
    const store = createMemoryStore({ maxBytes: 100 });
    await store.putObject('old', object('a', '', 40));
    await store.putObject('new', object('b', '', 40));
    const evicted = await store.putObject('new', object('c', '', 40));
    expect(evicted).toEqual([
      { session: 'old', spec: 'shelf', resource: 'Loan', scope: '', id: 'a', reason: 'bytes' },
    ]);
    expect((await store.sessionObjects('new')).map((o) => o.id)).toEqual(['b', 'c']);
  });

  it('removes a scope with the scopes nested under it, not a sibling whose value starts the same', async () => {
    const store = createMemoryStore();
    await store.putObject(undefined, object('1', 'bookId=1'));
    await store.putObject(undefined, object('2', 'bookId=1&loanId=7', 10, 'Note'));
    await store.putObject(undefined, object('3', 'bookId=10'));
    const removed = await store.removeScope(undefined, {
      spec: 'shelf',
      resource: 'Loan',
      scope: 'bookId=1',
    });
    expect(removed).toBe(1);
    expect((await store.sessionObjects(undefined)).map((o) => o.id)).toEqual(['2', '3']);
  });

  it('lists one scope, or every scope of a resource, oldest first; a replace keeps the creation order', async () => {
    const store = createMemoryStore();
    await store.putObject(undefined, object('x', 'bookId=2'));
    await store.putObject(undefined, object('y', 'bookId=1'));
    await store.putObject(undefined, object('z', 'bookId=2'));
    await store.putObject(undefined, { ...object('x', 'bookId=2'), value: { id: 'x', changed: true } });
    expect((await store.listObjects(undefined, 'shelf', 'Loan', 'bookId=2')).map((o) => o.value)).toEqual([
      { id: 'x', changed: true },
      { id: 'z' },
    ]);
    expect((await store.listObjects(undefined, 'shelf', 'Loan', undefined)).map((o) => o.id)).toEqual([
      'x',
      'z',
      'y',
    ]);
  });

  it('replaceObjects swaps a session\'s objects at once; the default session is named "default"', async () => {
    const store = createMemoryStore();
    await store.putObject('default', object('a'));
    await store.replaceObjects(undefined, [object('b')]);
    expect((await store.sessionObjects('default')).map((o) => o.id)).toEqual(['b']);
    expect((await store.snapshot()).objects).toEqual({ default: 1 });
  });

  it('keeps a copy: changing what was put, or what a read answered, changes nothing stored', async () => {
    const store = createMemoryStore();
    const put = { ...object('a'), value: { id: 'a', tags: ['x'], owner: { name: 'Ada' } } };
    await store.putObject('s', put);
    put.value.tags.push('changed after put');
    put.value.owner.name = 'changed after put';
    const read = await store.getObject('s', put);
    expect(read?.value).toEqual({ id: 'a', tags: ['x'], owner: { name: 'Ada' } });
    (read?.value as { tags: string[] }).tags.push('changed after read');
    const [listed] = await store.listObjects('s', 'shelf', 'Loan', '');
    expect(listed?.value).toEqual({ id: 'a', tags: ['x'], owner: { name: 'Ada' } });
    expect(listed).toMatchObject({ spec: 'shelf', resource: 'Loan', scope: '', id: 'a', weight: 10 });
  });

  it('keeps sequence positions per session, bounded', async () => {
    const store = createMemoryStore({ maxSequences: 2 });
    expect([
      await store.advance('s', 'a'),
      await store.advance('s', 'a'),
      await store.position('s', 'a'),
    ]).toEqual([0, 1, 2]);
    await store.advance('s', 'b');
    await store.advance('s', 'c');
    expect(await store.position('s', 'a')).toBe(0);
    expect(await store.position('other', 'b')).toBe(0);
  });

  it('refuses limits that are not whole numbers of 1 or more', () => {
    expect(() => createMemoryStore({ maxObjects: 0 })).toThrow(MockgramError);
    expect(() => createMemoryStore({ maxSessions: 1.5 })).toThrow(/maxSessions/);
  });
});
