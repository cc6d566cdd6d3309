// The console's client of the public API (`/api/v1`): the key rides in the Authorization header,
// every write carries a fresh Idempotency-Key, and errors come back as ApiError with the
// problem+json body the gateway sent.

export interface FieldError {
  readonly field: string;
  readonly code?: string;
  readonly message?: string;
}

export interface Problem {
  readonly status: number;
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export class Api {
  constructor(
    private readonly key: string,
    private readonly baseUrl = '/api/v1',
  ) {}

  /** A read is safe to repeat: one retry when the gateway could not reach a service (502/503). */
  async get<T>(path: string): Promise<T> {
    try {
      return await this.send<T>('GET', path);
    } catch (error) {
      const status = error instanceof ApiError ? error.problem.status : undefined;
      if (status !== 502 && status !== 503) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return this.send<T>('GET', path);
    }
  }

  /** A file as served (a statement's CSV or PDF), with the name the server gave it. */
  async file(path: string): Promise<{ blob: Blob; fileName: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${this.key}` },
      });
    } catch {
      throw new ApiError({ status: 0, code: 'NETWORK' });
    }
    if (!response.ok) {
      let problem: Partial<Problem> = {};
      try {
        problem = (await response.json()) as Problem;
      } catch {
        // not JSON: the status says enough
      }
      throw new ApiError({ ...problem, status: response.status });
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download';
    return { blob: await response.blob(), fileName };
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['idempotency-key'] = `console-${crypto.randomUUID()}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError({ status: 0, code: 'NETWORK' });
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const problem = typeof parsed === 'object' && parsed !== null ? (parsed as Problem) : {};
      throw new ApiError({ ...problem, status: response.status });
    }
    return parsed as T;
  }
}

/** Reads `path` page by page (`limit`, then `cursor`) up to `maxItems`. */
export async function allPages<T>(api: Api, path: string, maxItems = 2000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string =
      cursor === null ? path : `${path}${sep}cursor=${encodeURIComponent(cursor)}`;
    const page: Page<T> = await api.get<Page<T>>(url);
    items.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor !== null && items.length < maxItems);
  return items;
}
