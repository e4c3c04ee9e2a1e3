import { ApiError, isAbortError, networkError, toApiError } from './errors.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** False for sign-in routes, whose 401 means wrong credentials, not an ended session. */
  authenticated?: boolean;
}

export interface HttpClientHooks {
  getToken: () => string | null;
  /** Called on every 401 of an authenticated request. */
  onUnauthorized: () => void;
  /** Called on a 403 `password_change_required`. */
  onPasswordChangeRequired: () => void;
}

/** A successful response: its status and parsed JSON body (undefined when empty). */
export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends requests to the gateway and turns every error response into an ApiError. */
export class HttpClient {
  constructor(private readonly hooks: HttpClientHooks) {}

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const result = await this.send<T>(method, path, options);
    return result.body;
  }

  /** Like request, for routes whose status carries meaning (204 against 202). */
  async send<T>(
    method: Method,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpResult<T>> {
    const response = await this.fetch(method, path, options, 'application/json');
    const text = await response.text();
    const body = (text === '' ? undefined : JSON.parse(text)) as T;
    return { status: response.status, body, headers: response.headers };
  }

  /** Opens an event stream; the caller reads the body. */
  async stream(path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    return this.fetch('POST', path, { body, signal }, 'text/event-stream');
  }

  /** Fetches a file with the bearer token, for downloads a plain link cannot authorize. */
  async download(path: string, query: Query): Promise<Blob> {
    const response = await this.fetch('GET', path, { query }, 'text/csv');
    return response.blob();
  }

  private async fetch(
    method: Method,
    path: string,
    options: RequestOptions,
    accept: string,
  ): Promise<Response> {
    const authenticated = options.authenticated ?? true;
    const headers = new Headers({ Accept: accept });
    const token = authenticated ? this.hooks.getToken() : null;
    if (token !== null) headers.set('Authorization', `Bearer ${token}`);
    if (options.body !== undefined) headers.set('Content-Type', 'application/json');

    let response: Response;
    try {
      response = await fetch(withQuery(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw networkError(error);
    }
    if (response.ok) return response;

    const error = toApiError(
      response.status,
      await readJson(response),
      response.headers.get('Retry-After'),
    );
    this.notify(error, authenticated);
    throw error;
  }

  private notify(error: ApiError, authenticated: boolean): void {
    if (!authenticated) return;
    if (error.status === 401) this.hooks.onUnauthorized();
    if (error.status === 403 && error.code === 'password_change_required') {
      this.hooks.onPasswordChangeRequired();
    }
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

export { ApiError };
