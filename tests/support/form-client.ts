/** A browser as far as the HTTP tests need one: a cookie jar, no redirects followed, the form's CSRF field. */
export class FormClient {
  readonly cookies = new Map<string, string>();
  lastSetCookies: string[] = [];
  constructor(private readonly base: string) {}

  async request(method: 'GET' | 'POST', target: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(`${this.base}${target}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    this.lastSetCookies = response.headers.getSetCookie();
    for (const header of this.lastSetCookies) {
      const [pair = '', ...attributes] = header.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((a) => /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(target: string): Promise<Response> {
    return this.request('GET', target);
  }

  /** Posts a form with the CSRF token a page of this site gave the browser. */
  async post(target: string, form: Record<string, string> = {}): Promise<Response> {
    const page = await (await this.get('/verlengen')).text();
    const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
    return this.request('POST', target, { _csrf: csrf, ...form });
  }
}
