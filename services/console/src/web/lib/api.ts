/** The console's only way to the services: same-origin calls to the BFF, which adds the user's token. */
let csrfToken = '';
export function setCsrfToken(t: string) {
  csrfToken = t;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail || code);
  }
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
      new URLSearchParams(Object.entries(o.query).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, String(v)])).toString()
    : '';
  let res: Response;
  try {
    res = await fetch(url + (qs === '?' ? '' : qs), { method, headers, credentials: 'same-origin', ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
  } catch {
    throw new ApiError(0, 'network', 'The console cannot be reached. Check the network and retry.');
  }
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; detail?: string; title?: string };
    if (res.status === 401 && !url.startsWith('/auth/')) window.dispatchEvent(new Event('linkage:signed-out'));
    throw new ApiError(res.status, p.code ?? String(res.status), p.detail ?? p.title ?? res.statusText);
  }
  return data as T;
}

export function api<T>(service: Service, path: string, o: CallOptions = {}): Promise<T> {
  return request<T>(`/api/${service}${path}`, o);
}
