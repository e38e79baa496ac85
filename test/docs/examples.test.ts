// Every YAML example in docs/*.md that is a whole definition file (it has `kind: connector` or `kind: flow`, or
// the editor's schema comment) loads without a single diagnostic through the real loader. A flow example is
// loaded with the connector examples it uses (from its own page first, then from the others). Parts of files
// are marked with `# fragment` on their first line; an unmarked block that looks like a part of a definition
// fails, so a new example is either checked or explicitly a fragment.
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadDefinitionTexts, type DefinitionText } from '../../src/project/load-definition-texts.js';

const DOCS = new URL('../../docs/', import.meta.url);
const FRAGMENT_MARK = /^#\s*fragment\b/;
const WHOLE_FILE = /^kind:\s*(connector|flow)\s*(#.*)?$|\$schema=\S*\/(connector|flow)\.schema\.json/m;
/** Keys that only definitions have: an unmarked block using one of them at its top is an unmarked fragment. */
const DEFINITION_KEYS = new Set([
  'baseUrl', 'hosts', 'connection', 'auth', 'actions', 'events', 'system', 'helpers', 'trigger', 'steps',
  'webhook', 'polling', 'request', 'map', 'set', 'call', 'forEach', 'if', 'try', 'return', 'raise', 'code', 'action',
  'inputs', 'outputs', 'options', 'dynamicFields',
]);

interface Block {
  readonly page: string;
  /** 1-based line of the opening fence: block line n is page line `fence + n`. */
  readonly fence: number;
  readonly text: string;
}

interface Example extends Block {
  readonly kind: 'connector' | 'flow';
  readonly name: string;
  readonly data: Record<string, unknown>;
}

function yamlBlocks(page: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${page}:${i + 1}: unclosed yaml block`);
    blocks.push({ page, fence: i + 1, text: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

function topKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => (item && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : []));
  return value && typeof value === 'object' ? Object.keys(value) : [];
}

/** The connectors a flow uses: its event trigger's, and those of `card: <connector>.<card>` in its steps. */
function connectorsUsedBy(flow: Record<string, unknown>): Set<string> {
  const used = new Set<string>();
  const event = (flow.trigger as { event?: { connector?: unknown } } | undefined)?.event;
  if (typeof event?.connector === 'string') used.add(event.connector);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'card' && typeof v === 'string' && v.includes('.')) used.add(v.slice(0, v.indexOf('.')));
        visit(v);
      }
    }
  };
  visit(flow.steps);
  return used;
}

function definitionText(example: Example): DefinitionText {
  const slug = example.page.replace(/\.md$/, '');
  return { file: `${example.kind === 'connector' ? 'connectors' : 'flows'}/${slug}-${example.fence}.yaml`, text: example.text };
}

/** Problems as `page:line  CODE  message`, at the line of the page where the reader sees them. */
function problemsOf(examples: readonly Example[]): string[] {
  const byFile = new Map(examples.map((e) => [definitionText(e).file, e]));
  const loaded = loadDefinitionTexts('/docs-examples', examples.map(definitionText));
  return loaded.diagnostics.map((d) => {
    const e = byFile.get(d.file);
    return e ? `docs/${e.page}:${e.fence + d.line}  ${d.code}  ${d.message}` : `${d.file}:${d.line}  ${d.code}  ${d.message}`;
  });
}

const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort();
const blocks = pages.flatMap((page) => yamlBlocks(page, readFileSync(new URL(page, DOCS), 'utf8')));
const unmarked = blocks.filter((b) => !FRAGMENT_MARK.test(b.text.split('\n')[0]!.trim()));
const examples: Example[] = unmarked.filter((b) => WHOLE_FILE.test(b.text)).map((b) => {
  const data = (parse(b.text) ?? {}) as Record<string, unknown>;
  return { ...b, kind: data.kind === 'flow' ? 'flow' : 'connector', name: String(data.name ?? ''), data };
});

describe('docs examples', () => {
  it('are found: whole connector and flow files on several pages', () => {
    expect(examples.filter((e) => e.kind === 'connector').length).to.be.at.least(3);
    expect(examples.filter((e) => e.kind === 'flow').length).to.be.at.least(1);
  });

  it('mark every part of a definition as `# fragment`', () => {
    const unmarkedParts = unmarked.filter((b) => !WHOLE_FILE.test(b.text)).filter((b) => {
      let value: unknown;
      try {
        value = parse(b.text);
      } catch {
        return true; // not even YAML: a part of something, or a mistake
      }
      // Another kind of file (e.g. `kind: connector-test`, docs/testing.md) is not a part of a definition.
      if (value && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string') return false;
      return topKeys(value).some((k) => DEFINITION_KEYS.has(k));
    });
    expect(unmarkedParts.map((b) => `docs/${b.page}:${b.fence}`), 'add `# fragment` as the first line, or make it a whole file').to.deep.equal([]);
  });

  for (const example of examples) {
    it(`docs/${example.page}:${example.fence} loads: ${example.kind} ${example.name}`, () => {
      const companions: Example[] = [];
      if (example.kind === 'flow') {
        for (const name of connectorsUsedBy(example.data)) {
          const candidates = examples.filter((e) => e.kind === 'connector' && e.name === name);
          const found = candidates.find((e) => e.page === example.page) ?? candidates[0];
          if (found) companions.push(found);
        }
      }
      expect(problemsOf([example, ...companions])).to.deep.equal([]);
    });
  }
});
