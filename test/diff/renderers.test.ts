// The renderers print untrusted definition text: it must not add markup to a pull-request comment nor control
// sequences to a terminal, and long lists of affected places are cut short.
import { expect } from 'chai';
import { countByLevel, type Change, type DiffReport } from '../../src/diff/change.js';
import { renderJson } from '../../src/diff/render-json.js';
import { renderMarkdown } from '../../src/diff/render-markdown.js';
import { renderText } from '../../src/diff/render-text.js';

const side = { label: 'main (1234567)', commit: '1234567'.padEnd(40, '0'), errors: 0, warnings: 0, filesWithErrors: [], firstErrors: [] };

function report(changes: Change[]): DiffReport {
  return {
    base: side,
    head: { label: 'working tree', errors: 0, warnings: 0, filesWithErrors: [], firstErrors: [] },
    connectors: [{ name: 'acme', before: '1.0.0', after: '1.0.0' }],
    changes,
    counts: countByLevel(changes),
  };
}

const hostile: Change = {
  level: 'breaking',
  kind: 'output-removed',
  connector: 'acme',
  element: { kind: 'action', name: 'x' },
  message: "output 'a|b' removed <script>alert(1)</script> *bold* `code` [link](http://evil.example)\nsecond line \x1b[2J",
  affects: Array.from({ length: 12 }, (_, i) => ({ flow: `f${i}`, file: `flows/f${i}.yaml`, line: i + 1, column: 3 })),
};

describe('runtime diff: renderers', () => {
  it('markdown escapes definition text so it stays inside its table cell', () => {
    const md = renderMarkdown(report([hostile]));
    const row = md.split('\n').find((l) => l.startsWith('| **breaking** |'))!;
    expect(row).to.not.include('<script>');
    expect(row).to.include('&lt;script&gt;');
    expect(row).to.include('\\*bold\\*');
    expect(row).to.include('\\[link\\]');
    // Five unescaped pipes: the borders of four cells.
    expect(row.match(/(?<!\\)\|/g)).to.have.length(5);
    expect(row).to.include('`flows/f9.yaml:10:3` and 2 more');
    expect(md).to.include('Comparing main (1234567) with the working tree.');
  });

  it('text output shows control characters as ␦ and cuts long lists of affected places', () => {
    const text = renderText(report([hostile]), { color: false });
    expect(text).to.not.include('\x1b');
    expect(text).to.include('second line ␦[2J');
    expect(text).to.include('(affects flows/f0.yaml:1:3, flows/f1.yaml:2:3, flows/f2.yaml:3:3, flows/f3.yaml:4:3 and 8 more)');
  });

  it('json output keeps every affected place and the text as it is', () => {
    const data = JSON.parse(renderJson(report([hostile]))) as { changes: { message: string; affects: unknown[] }[] };
    expect(data.changes[0]!.affects).to.have.length(12);
    expect(data.changes[0]!.message).to.equal(hostile.message);
  });

  it('says so when nothing changed', () => {
    expect(renderText(report([]), { color: false })).to.equal('Comparing main (1234567) with the working tree\n\nNo changes to connectors or flows.\n');
    expect(renderMarkdown(report([]))).to.equal('## Connector review: no changes\n\nComparing main (1234567) with the working tree.\n');
  });
});
