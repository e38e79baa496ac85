// Links between the docs pages lead somewhere: the page exists and, for `page.md#anchor`, so does a heading
// with that anchor (GitHub's rule: lower case, punctuation dropped, spaces to `-`, repeats numbered).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';

const DOCS = new URL('../../docs/', import.meta.url);

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) inCode = !inCode;
    const heading = inCode ? undefined : /^#{1,6}\s+(.*)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function linksOf(markdown: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  let inCode = false;
  markdown.split('\n').forEach((line, i) => {
    if (/^```/.test(line)) inCode = !inCode;
    if (inCode) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (!/^[a-z]+:/i.test(target)) out.push({ target, line: i + 1 });
    }
  });
  return out;
}

describe('docs links', () => {
  const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort();
  const text = new Map(pages.map((p) => [p, readFileSync(new URL(p, DOCS), 'utf8')]));

  it('point at existing pages and headings', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const { target, line } of linksOf(text.get(page)!)) {
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const goal = file === '' ? page : file;
        checked++;
        if (!existsSync(new URL(goal, DOCS))) {
          broken.push(`docs/${page}:${line} ${target}: no such file`);
        } else if (anchor !== undefined && goal.endsWith('.md') && !anchorsOf(text.get(goal) ?? readFileSync(new URL(goal, DOCS), 'utf8')).has(anchor)) {
          broken.push(`docs/${page}:${line} ${target}: no such heading`);
        }
      }
    }
    expect(checked, 'links found').to.be.greaterThan(20);
    expect(broken).to.deep.equal([]);
  });
});
