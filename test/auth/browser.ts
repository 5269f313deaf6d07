// A "browser" for the sign-in tests: fetch with a cookie jar (tough-cookie, the one jsdom uses), redirects
// followed by hand so a test can stop at the relying party's callback, and forms read with parse5 and
// submitted with their hidden fields — what a person's browser does, without Chromium's start-up cost.
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { CookieJar } from 'tough-cookie';

export interface Page {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

export class Browser {
  readonly jar = new CookieJar();

  /** One request, cookies sent and kept, no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    const headers = new Headers();
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.set('cookie', cookie);
    let body: string | undefined;
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    });
    for (const line of res.headers.getSetCookie()) await this.jar.setCookie(line, url);
    return { url, status: res.status, headers: res.headers, body: await res.text() };
  }

  /**
   * Requests `url` and follows redirects (as GET, as browsers do after a form post) until a page answers or
   * the next location satisfies `stopAt` — e.g. the relying party's callback, which nothing serves here.
   */
  async go(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
    stopAt: (location: string) => boolean = () => false,
  ): Promise<Page & { stoppedAt?: string }> {
    let page = await this.request(url, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = page.headers.get('location');
      if (page.status < 300 || page.status >= 400 || !location) return page;
      const next = new URL(location, page.url).toString();
      if (stopAt(next)) return { ...page, stoppedAt: next };
      page = await this.request(next);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the form `which` (see readForm) of `page` with its own fields, `values` on top. */
  async submit(
    page: Page,
    which: string,
    values: Record<string, string> = {},
    stopAt?: (location: string) => boolean,
  ): Promise<Page & { stoppedAt?: string }> {
    const { action, fields } = readForm(page, which);
    return this.go(action, { method: 'POST', form: { ...fields, ...values } }, stopAt);
  }
}

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function* walk(node: Node): Generator<Node> {
  yield node;
  if ('childNodes' in node) for (const child of node.childNodes) yield* walk(child);
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const elements = (node: Node, tag: string) =>
  [...walk(node)].filter((n): n is Element => 'tagName' in n && n.tagName === tag);

/** The form whose action ends with `action` (or whose id is `#id`): its absolute action and its inputs' values. */
export function readForm(page: Page, which: string): { action: string; fields: Record<string, string> } {
  const form = elements(parse(page.body), 'form').find((f) =>
    which.startsWith('#') ? attr(f, 'id') === which.slice(1) : (attr(f, 'action') ?? '').endsWith(which),
  );
  if (!form) throw new Error(`no form ${which} on ${page.url} (status ${page.status}):\n${page.body}`);
  const fields: Record<string, string> = {};
  for (const input of elements(form, 'input')) {
    const name = attr(input, 'name');
    if (name) fields[name] = attr(input, 'value') ?? '';
  }
  return { action: new URL(attr(form, 'action') ?? '', page.url).toString(), fields };
}

/** The text a person reads on the page. */
export function textOf(page: Page): string {
  const text = [...walk(parse(page.body))].map((n) =>
    'value' in n && n.nodeName === '#text' ? n.value : '',
  );
  return text.join(' ').replace(/\s+/g, ' ').trim();
}
