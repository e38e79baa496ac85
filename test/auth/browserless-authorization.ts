// Plays the user's browser through oidc-provider's development login and consent pages: follows redirects,
// keeps cookies, posts the forms, and ends at whatever the redirect URI (our callback server) answers.
import got from 'got';

export interface BrowserResult {
  status: number;
  body: string;
  /** The last URL requested: the callback URL with code and state when the flow got that far. */
  url: string;
}

export type Decision = 'consent' | 'abort';

export async function authorizeWithoutBrowser(authorizeUrl: string, decision: Decision = 'consent'): Promise<BrowserResult> {
  const cookies = new Map<string, string>();
  let url = authorizeUrl;
  let form: Record<string, string> | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const response = await got(url, {
      method: form ? 'POST' : 'GET',
      form,
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      followRedirect: false,
      throwHttpErrors: false,
      retry: { limit: 0 },
      timeout: { request: 10_000 },
    });
    for (const line of response.headers['set-cookie'] ?? []) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    form = undefined;
    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(response.body)?.[1];
    const prompt = /name="prompt" value="(login|consent)"/.exec(response.body)?.[1];
    if (response.statusCode !== 200 || !action || !prompt) return { status: response.statusCode, body: response.body, url };
    const submit = new URL(unescapeHtml(action), url).toString();
    if (decision === 'abort') {
      url = `${submit}/abort`;
      continue;
    }
    url = submit;
    form = prompt === 'login' ? { prompt, login: 'alice', password: 'any' } : { prompt };
  }
  throw new Error('too many redirects while authorizing');
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCharCode(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
