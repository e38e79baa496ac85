// formatDefinition on small texts: the rules the golden pairs do not show one by one, and the refusals.
import { expect } from 'chai';
import { formatDefinition, type FormatOutcome } from '../../src/format/format-definition.js';
import { lineDiff } from '../../src/format/line-diff.js';

const SCHEMA = (kind: string) => `../schemas/${kind}.schema.json`;

type SchemaPath = ((kind: string) => string) | null;

/** `schemaPath` null: the project has no schemas to point at. */
function format(text: string, schemaPath: SchemaPath = SCHEMA): FormatOutcome {
  return formatDefinition({ file: 'flows/f.yaml', text, ...(schemaPath && { schemaPath }) });
}

function formatted(text: string, schemaPath: SchemaPath = SCHEMA): string {
  const outcome = format(text, schemaPath);
  if (outcome.status !== 'formatted') expect.fail(JSON.stringify(outcome));
  const again = format(outcome.text, schemaPath);
  expect(again, 'formatting twice gives the same text').to.deep.include({ status: 'formatted', changed: false });
  return outcome.text;
}

describe('formatDefinition', () => {
  describe('schema comment', () => {
    it('is added as the first line when missing', () => {
      expect(formatted('kind: flow\nname: a\n')).to.equal('# yaml-language-server: $schema=../schemas/flow.schema.json\nkind: flow\nname: a\n');
    });

    it('is moved to the first line when the header has it further down, and its target is kept', () => {
      const text = '# About this flow.\n# yaml-language-server: $schema=https://example.com/flow.json\nkind: flow\nname: a\n';
      expect(formatted(text)).to.equal('# yaml-language-server: $schema=https://example.com/flow.json\n# About this flow.\nkind: flow\nname: a\n');
    });

    it('keeps a header separated by a blank line below the schema line', () => {
      const text = '# yaml-language-server: $schema=../schemas/flow.schema.json\n# License: MIT\n\n# About the name.\nname: a\nkind: flow\n';
      expect(formatted(text)).to.equal(
        '# yaml-language-server: $schema=../schemas/flow.schema.json\n# License: MIT\n\n# About the name.\nkind: flow\nname: a\n',
      );
    });

    it('is not added when the project has no schema to point at', () => {
      expect(formatted('name: a\nkind: flow\n', null)).to.equal('kind: flow\nname: a\n');
    });
  });

  describe('layout', () => {
    it('indents by two spaces, lists under their key, and drops document markers', () => {
      const text = '---\nkind: flow\nname: a\nsteps:\n- map:    x\n- return:\n        v: y\n...\n';
      expect(formatted(text, null)).to.equal('kind: flow\nname: a\nsteps:\n  - map: x\n  - return:\n      v: y\n');
    });

    it('keeps at most one blank line between items and none at the start of a map', () => {
      const text = 'kind: flow\n\n\n\nname: a\ntrigger:\n\n  manual: {}\n';
      expect(formatted(text, null)).to.equal('kind: flow\n\nname: a\ntrigger:\n  manual: {}\n');
    });

    it('writes a folded block with the author\'s line breaks, whatever its indentation was', () => {
      const text = 'kind: flow\nname: a\ndescription: >\n      first line\n      second line\n\n      new paragraph\n';
      expect(formatted(text, null)).to.equal('kind: flow\nname: a\ndescription: >\n  first line\n  second line\n\n  new paragraph\n');
    });

    it('never re-folds a long plain or quoted expression', () => {
      const long = `${'steps.a.body.value & '.repeat(20)}'end'`;
      const text = `kind: flow\nname: a\nsteps:\n  - map: ${long}\n  - map: "${long}"\n`;
      expect(formatted(text, null)).to.equal(text);
    });

    it('normalises line endings to LF', () => {
      expect(formatted('kind: flow\r\nname: a\r\n', null)).to.equal('kind: flow\nname: a\n');
    });
  });

  describe('refusals', () => {
    it('refuses a file with YAML errors with the loader\'s diagnostic', () => {
      const outcome = format('kind: flow\nname: [a\n');
      expect(outcome.status).to.equal('refused');
      expect(outcome.status === 'refused' && outcome.diagnostics.map((d) => d.code)).to.include('YAML_SYNTAX');
    });

    it('refuses custom tags, merge keys and forbidden keys', () => {
      for (const [text, code] of [
        ['kind: flow\nname: !secret a\n', 'YAML_CUSTOM_TAG'],
        ['kind: flow\na: &a { x: 1 }\nb:\n  <<: *a\n', 'YAML_MERGE_KEY'],
        ['kind: flow\nconstructor: 1\n', 'YAML_FORBIDDEN_KEY'],
      ] as const) {
        const outcome = format(text);
        expect(outcome.status === 'refused' && outcome.diagnostics[0]!.code, text).to.equal(code);
      }
    });

    it('refuses a result that would change a value: an alias read before its anchor is written', () => {
      // Reordering puts `name` (the anchor) first, which would give `title` a value it did not have.
      const outcome = format('kind: flow\ntitle: *n\nname: &n a\n');
      expect(outcome.status).to.equal('refused');
      expect(outcome.status === 'refused' && outcome.diagnostics[0]).to.include({
        code: 'FMT_NOT_PRESERVED',
        message: 'not formatted: a value would change; the file was left as it is',
      });
    });

    it('skips a file without a known kind', () => {
      expect(format('name: a\n')).to.deep.equal({ status: 'skipped', reason: 'no `kind: connector|flow|connector-test`' });
      expect(format('kind: widget\n').status).to.equal('skipped');
      expect(format('- a\n').status).to.equal('skipped');
    });
  });
});

describe('lineDiff', () => {
  it('shows removed before added lines with a line of context and the line number of the hunk', () => {
    expect(lineDiff('a\nb\nc\nd\n', 'a\nB\nc\nd\n')).to.deep.equal(['@@ line 1 @@', '  a', '- b', '+ B', '  c']);
  });

  it('shows only the first lines of a long diff and counts the rest', () => {
    const before = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace(/line/g, 'LINE');
    const shown = lineDiff(before, after, { maxLines: 5 });
    expect(shown).to.deep.equal(['@@ line 1 @@', '- line 0', '- line 1', '- line 2', '- line 3', '… 76 more changed lines']);
  });

  it('is empty for equal texts', () => {
    expect(lineDiff('a\n', 'a\n')).to.deep.equal([]);
  });
});
