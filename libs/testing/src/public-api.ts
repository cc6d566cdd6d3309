// A small client of the public API: every call names its key, writes get an Idempotency-Key.
import { randomUUID } from 'node:crypto';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export class PublicApi {
  constructor(private readonly baseUrl: string) {}

  async call<T = unknown>(
    key: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const init: RequestInit = {
      method,
      headers: {
        ...(key !== undefined ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'idempotency-key': `e2e-${randomUUID()}` } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    };
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (an export, a CSV)
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** Calls and insists on a status; the error carries the body so a failure says why. */
  async expect<T = unknown>(
    status: number,
    key: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await this.call<T>(key, method, path, body);
    if (response.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }
}

/** Polls until `probe` returns a value (not undefined), or fails saying what it waited for. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
