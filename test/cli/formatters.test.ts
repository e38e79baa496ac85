// The formatters render any diagnostic, including warnings and hints the loader does not produce today.
import { expect } from 'chai';
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import { FORMATTERS, formatterNamed } from '../../src/cli/format/format-list.js';
import type { ValidationReport } from '../../src/cli/format/formatter.js';

const lines: Record<string, string[]> = {
  'connectors/acme.yaml': ['kind: connector', 'actions:', '  get:', '    steps:', '      - request:', '\t  methd: GET'],
};

function report(diagnostics: Diagnostic[], fileCount = 2): ValidationReport {
  return { diagnostics, fileCount, lineText: (file, line) => lines[file]?.[line - 1] };
}

const unknownProperty: Diagnostic = {
  code: 'DEF_UNKNOWN_PROPERTY',
  severity: 'error',
  message: "unknown property 'methd' (did you mean 'method'?)",
  file: 'connectors/acme.yaml',
  line: 6,
  column: 4,
  length: 5,
  hint: 'allowed here: method, url, query',
};
const warning: Diagnostic = { code: 'DEF_CONFLICT', severity: 'warning', message: 'odd, but allowed', file: 'flows/x.yaml', line: 2, column: 1, length: 3 };

describe('diagnostic formatters', () => {
  it('are selected by name from one list', () => {
    expect(FORMATTERS.map((f) => f.name)).to.deep.equal(['text', 'json', 'github']);
    expect(formatterNamed('sarif')).to.equal(undefined);
  });

  it('text: location, severity, code, message, code frame, hint, and a summary', () => {
    const text = formatterNamed('text')!.render(report([unknownProperty, warning]), { color: false });
    expect(text).to.equal(
      [
        "connectors/acme.yaml:6:4  error  DEF_UNKNOWN_PROPERTY  unknown property 'methd' (did you mean 'method'?)",
        '  6 |    methd: GET',
        '    |    ^^^^^',
        '  hint: allowed here: method, url, query',
        '',
        'flows/x.yaml:2:1  warning  DEF_CONFLICT  odd, but allowed',
        '',
        '✖ 1 error, 1 warning in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('text: warnings alone still count as valid', () => {
    const text = formatterNamed('text')!.render(report([warning], 12), { color: false });
    expect(text.split('\n').at(-2)).to.equal('✔ 12 files valid, 1 warning in 1 file');
  });

  it('json: fixed keys with an exclusive endColumn and null for no hint', () => {
    const out = JSON.parse(formatterNamed('json')!.render(report([warning]), { color: false }));
    expect(out).to.deep.equal({
      diagnostics: [{ code: 'DEF_CONFLICT', severity: 'warning', message: 'odd, but allowed', file: 'flows/x.yaml', line: 2, column: 1, endColumn: 4, hint: null }],
      summary: { files: 2, errors: 0, warnings: 1, filesWithProblems: 1 },
    });
  });

  it('github: warning command with escaped data and properties', () => {
    const d: Diagnostic = { ...warning, file: 'flows/a,b:c.yaml', message: '100% sure\r\nnot', hint: undefined };
    const out = formatterNamed('github')!.render(report([d]), { color: false });
    expect(out.split('\n')[0]).to.equal('::warning file=flows/a%2Cb%3Ac.yaml,line=2,col=1,endColumn=4,title=DEF_CONFLICT::100%25 sure%0D%0Anot');
  });
});

describe('text format on long lines', () => {
  it('cuts the code frame around the column so a huge line cannot flood the terminal', () => {
    const line = `steps: ${'['.repeat(1_000_000)}`;
    const d: Diagnostic = { code: 'YAML_SYNTAX', severity: 'error', message: 'too long', file: 'flows/a.yaml', line: 2, column: 500_001, length: 3 };
    const out = formatterNamed('text')!.render({ diagnostics: [d], fileCount: 1, lineText: () => line }, { color: false });
    const [, source, carets] = out.split('\n');
    expect(source).to.equal(`  2 | …${'['.repeat(160)}…`);
    expect(carets).to.equal(`    | ${' '.repeat(54)}^^^`);
  });
});
