// @ts-check

/**
 * @typedef {{ global: Record<string, string>, sessions: Record<string, Record<string, string>>, enabledRules: string[] }} ActiveSnapshot
 * @typedef {{ name: string, status: number | null, description: string, steps?: string[], fault?: string, delay?: unknown }} ScenarioInfo
 * @typedef {{ name: string | null, scenario: string, description: string, optIn: boolean, enabled: boolean }} RuleInfo
 * @typedef {{ operationId: string, method: string, path: string, scenarios: ScenarioInfo[], rules: RuleInfo[] }} OperationInfo
 * @typedef {{ spec: string, title: string, basePath: string, operations: OperationInfo[] }} ApiInfo
 * @typedef {{ apis: ApiInfo[], active: ActiveSnapshot }} Catalog
 * @typedef {{ id: number, time: string, method: string, path: string, status: number, operation?: string, scenario: string, session?: string, valid: boolean, problems: string[], durationMs: number }} JournalEntry
 * @typedef {readonly [string, string]} HeaderPair
 * @typedef {{ text: string, truncated: boolean }} BodyDetail
 * @typedef {{ headers: HeaderPair[], body?: BodyDetail }} MessageDetail
 * @typedef {JournalEntry & { exchange: { request: MessageDetail, response?: MessageDetail } }} JournalDetail
 */

const TOKEN_KEY = 'mockgram.adminToken';

/** An admin API answer other than 2xx, with the problem's `detail` as message. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * The admin API, called from the page's own origin. The token (needed when the mock listens off loopback) is kept in
 * this tab's session storage and sent as a header, never in a URL.
 */
export class AdminApi {
  /** @param {URL} base the admin API's root, e.g. `http://127.0.0.1:4010/__mock/` */
  constructor(base) {
    this.base = base;
    /** @type {string | null} */
    this.token = sessionStorage.getItem(TOKEN_KEY);
    /** Called on a 401, so the page can ask for the token. */
    this.onUnauthorized = () => {};
  }

  /** @param {string} token */
  setToken(token) {
    this.token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
  }

  /** @returns {Record<string, string>} */
  headers() {
    return this.token === null ? {} : { 'X-Mock-Admin-Token': this.token };
  }

  /**
   * @param {string} path relative to the admin root, e.g. `scenarios`
   * @param {{ method?: string, body?: unknown, signal?: AbortSignal }} [options]
   * @returns {Promise<unknown>} the parsed JSON answer (undefined for 204)
   */
  async call(path, options = {}) {
    const response = await this.fetch(path, options);
    if (response.status === 204) return undefined;
    const text = await response.text();
    if (!response.ok) {
      if (response.status === 401) this.onUnauthorized();
      throw new ApiError(response.status, describeProblem(response.status, text));
    }
    return text === '' ? undefined : JSON.parse(text);
  }

  /**
   * @param {string} path
   * @param {{ method?: string, body?: unknown, signal?: AbortSignal }} [options]
   * @returns {Promise<Response>}
   */
  fetch(path, { method = 'GET', body, signal } = {}) {
    /** @type {RequestInit} */
    const init = { method, headers: this.headers(), cache: 'no-store' };
    if (signal) init.signal = signal;
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...this.headers(), 'Content-Type': 'application/json' };
    }
    return fetch(new URL(path, this.base), init);
  }
}

/**
 * @param {number} status
 * @param {string} text
 */
function describeProblem(status, text) {
  try {
    const problem = JSON.parse(text);
    if (problem && typeof problem.detail === 'string') return problem.detail;
  } catch {
    // not JSON: use the status
  }
  return `the admin API answered ${status}`;
}
