/** The console's only way to the services: same-origin calls to the BFF, which adds the user's token. */
let csrfToken = '';
export function setCsrfToken(t: string) {
  csrfToken = t;
}

/**
 * One invalid field of a Problem Details answer: `path` is a JSON pointer, e.g. `body/items/eating` or `/startDate`.
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    /** The request's method: a GET changed nothing, whatever its answer. */
    readonly method: string = 'GET',
  ) {
    super(detail || code);
  }
}

/**
 * The form fields a Problem Details answer names, as antd name paths (`body/items/eating` → ['items', 'eating']),
 * through `rename` where the form's field is not the body's (a date range sent as startDate/endDate). Paths
 * outside the body (query, params) and fields the form does not have are left to the message above the form.
 */
export function problemFields(
  errors: readonly FieldProblem[],
  rename: Record<string, string> = {},
): { name: string[]; errors: string[] }[] {
  const byField = new Map<string, { name: string[]; errors: string[] }>();
  for (const e of errors) {
    const parts = e.path.split('/').filter(Boolean);
    if (parts[0] === 'querystring' || parts[0] === 'params' || parts[0] === 'headers') continue;
    if (parts[0] === 'body') parts.shift();
    if (parts.length === 0) continue;
    parts[0] = rename[parts[0]!] ?? parts[0]!;
    const key = parts.join('/');
    const f = byField.get(key) ?? { name: parts, errors: [] };
    if (!f.errors.includes(e.message)) f.errors.push(e.message);
    byField.set(key, f);
  }
  return [...byField.values()];
}

export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type Service = 'intake' | 'dv-referral' | 'legal-aid' | 'elder-care' | 'case-timeline';

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** One key per form submission: a retried submission reuses it, so it is applied once. */
  idempotencyKey?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
}

export async function request<T>(url: string, o: CallOptions = {}): Promise<T> {
  const method = o.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (method === 'POST') headers['idempotency-key'] = o.idempotencyKey ?? uuid();
  const qs = o.query
    ? '?' +
      new URLSearchParams(
        Object.entries(o.query)
          .filter(([, v]) => v !== undefined && v !== null && v !== '')
          .map(([k, v]) => [k, String(v)]),
      ).toString()
    : '';
  let res: Response;
  try {
    res = await fetch(url + (qs === '?' ? '' : qs), {
      method,
      headers,
      credentials: 'same-origin',
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'The console cannot be reached. Check the network and retry.', [], method);
  }
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; detail?: string; title?: string; errors?: unknown };
    if (res.status === 401 && !url.startsWith('/auth/')) window.dispatchEvent(new Event('linkage:signed-out'));
    const errors = Array.isArray(p.errors)
      ? p.errors.filter((e): e is FieldProblem => typeof e?.path === 'string' && typeof e?.message === 'string')
      : [];
    throw new ApiError(res.status, p.code ?? String(res.status), p.detail ?? p.title ?? res.statusText, errors, method);
  }
  return data as T;
}

export function api<T>(service: Service, path: string, o: CallOptions = {}): Promise<T> {
  return request<T>(`/api/${service}${path}`, o);
}
