import { expect } from 'vitest';
import type { StartedMock } from '../support/startMock.ts';
import type { SpecChecker } from '../support/responseChecker.ts';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The parsed JSON body (`undefined` when there is none). */
  readonly body: unknown;
}

export interface CallOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly session?: string;
}

/** One request over a real socket to the mock. */
export async function call(
  mock: StartedMock,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.session !== undefined) headers['X-Mock-Session'] = options.session;
  if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** Asserts an answer is valid for the operation (status documented, body and headers match) and returns its body. */
export function valid(
  checker: SpecChecker,
  operationId: string,
  answer: Answer,
  status: number,
): Record<string, unknown> {
  expect(answer.status, answer.text).toBe(status);
  expect(checker.problems(operationId, answer)).toEqual([]);
  return isObject(answer.body) ? answer.body : {};
}

/** Like `valid`, for an answer whose body is a JSON array. */
export function validArray(
  checker: SpecChecker,
  operationId: string,
  answer: Answer,
  status: number,
): unknown[] {
  expect(answer.status, answer.text).toBe(status);
  expect(checker.problems(operationId, answer)).toEqual([]);
  expect(Array.isArray(answer.body)).toBe(true);
  return Array.isArray(answer.body) ? answer.body : [];
}

/** The list at `key` of an object (`[]` when there is none). */
export function listAt(value: unknown, key: string): unknown[] {
  const found: unknown = isObject(value) ? value[key] : undefined;
  return Array.isArray(found) ? (found as unknown[]) : [];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A call to the admin API. */
export async function admin(
  mock: StartedMock,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  return call(mock, method, `/__mock${path}`, body === undefined ? {} : { body });
}
