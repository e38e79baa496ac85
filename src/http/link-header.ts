// RFC 8288 `Link` headers: `<https://api.example.com/items?page=2>; rel="next", <...>; rel="last"`.
// Tolerant: a malformed entry is skipped rather than failing the page.

export interface LinkValue {
  readonly target: string;
  /** Lower-cased relation types (`rel="next last"` gives both). */
  readonly rels: readonly string[];
}

export function parseLinkHeader(header: string | string[] | undefined): LinkValue[] {
  if (header === undefined) return [];
  const text = (Array.isArray(header) ? header.join(',') : header).slice(0, 64 * 1024);
  const links: LinkValue[] = [];
  // <target> followed by parameters up to the next `,<` (commas may appear inside quoted values and targets).
  const entry = /<([^>]*)>((?:\s*;\s*[^;,=\s]+\s*(?:=\s*(?:"(?:[^"\\]|\\.)*"|[^;,]*))?)*)/g;
  for (let match = entry.exec(text); match; match = entry.exec(text)) {
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;,\s]+))/i.exec(params);
    const value = rel?.[1] ?? rel?.[2];
    if (value === undefined) continue;
    links.push({ target: (match[1] ?? '').trim(), rels: value.toLowerCase().split(/\s+/).filter(Boolean) });
  }
  return links;
}

/** The `rel="next"` target resolved against the page's URL, or undefined. */
export function nextLink(header: string | string[] | undefined, base: string): URL | undefined {
  const next = parseLinkHeader(header).find((link) => link.rels.includes('next'));
  if (!next) return undefined;
  try {
    return new URL(next.target, base);
  } catch {
    return undefined;
  }
}
