/** The bootstrap operator token e2e stacks start ingress with (SWITCHYARD_BOOTSTRAP_TOKEN). */
export const BOOTSTRAP_TOKEN = 'e2e-bootstrap-operator-token-0123456789abcdef';
export const ADMIN_ENV = { SWITCHYARD_BOOTSTRAP_TOKEN: BOOTSTRAP_TOKEN };

export interface AdminResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly requestId: string;
}

/** A small client of /admin/v1 on one ingress replica, as one caller. */
export class AdminClient {
  constructor(
    readonly ingressUrl: string,
    /** null: no credential at all. */
    readonly token: string | null = BOOTSTRAP_TOKEN,
    /** Sent with every call (e.g. what a load balancer adds). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  as(token: string | null): AdminClient {
    return new AdminClient(this.ingressUrl, token, this.headers);
  }

  on(ingressUrl: string): AdminClient {
    return new AdminClient(ingressUrl, this.token, this.headers);
  }

  withHeaders(headers: Readonly<Record<string, string>>): AdminClient {
    return new AdminClient(this.ingressUrl, this.token, { ...this.headers, ...headers });
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<AdminResponse<T>> {
    const headers: Record<string, string> = { ...this.headers };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.ingressUrl}/admin/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, requestId: res.headers.get('x-request-id') ?? '' };
  }

  /** Like call(), but fails the test with the error body unless the status is 2xx. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, path, body);
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

/** A chat completion with a data-plane key against one ingress; resolves to the HTTP status and body. */
export async function chat(
  ingressUrl: string,
  apiKey: string,
  content = 'Hello',
  extra: Record<string, unknown> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${ingressUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
