// JSONata and Handlebars problems point at the column inside the text, whatever the YAML quoting style.
import { expect } from 'chai';
import { compileTexts, golden, problemsOf, yaml } from './compile-fixture.js';

const connector = (steps: string) => yaml`
  kind: connector
  name: c
  version: 1.0.0
  baseUrl: https://c.example
  actions:
    a:
      steps:
${steps}
`;

describe('compile: expression and template problems', () => {
  it('points inside a plain, a single-quoted and a double-quoted JSONata scalar', () => {
    const text = connector([
      '        - map: $count(inputs.x',
      "        - map: '$sum([1, 2) '",
      '        - map: "\\"a\\" & $$ ~> "',
    ].join('\n'));
    const { diagnostics, model } = compileTexts({ 'connectors/c.yaml': text });
    expect(model).to.equal(undefined);
    expect(diagnostics.map((d) => d.code)).to.deep.equal(['EXPR_SYNTAX', 'EXPR_SYNTAX', 'EXPR_SYNTAX']);
    const columns = diagnostics.map((d) => [d.line, d.column]);
    // `$count(inputs.x` lacks its `)`: the problem is at the end of the text.
    expect(golden(diagnostics)[0]).to.equal('connectors/c.yaml:8:28 EXPR_SYNTAX Expected ")" before end of expression');
    // `[1, 2)`: the `)` where `]` was expected, inside the quotes.
    expect(golden(diagnostics)[1]).to.equal('connectors/c.yaml:9:25 EXPR_SYNTAX Expected "]", got ")"');
    // In a double-quoted scalar an escape (`\"`) is one character of the expression: the end is still found.
    expect(columns[2]).to.deep.equal([10, 27]);
  });

  it('points inside a `|` block, on the line of the problem', () => {
    const text = connector([
      '        - map: |',
      '            {',
      '              "a": inputs.a,',
      '              "b": inputs.b +* 2',
      '            }',
    ].join('\n'));
    // jsonata reports the token after the stray `*`.
    expect(problemsOf({ 'connectors/c.yaml': text })).to.deep.equal(['connectors/c.yaml:11:30 EXPR_SYNTAX Expected "}", got 2']);
  });

  it('points inside a template at a syntax error and at an unknown helper', () => {
    const text = connector([
      '        - request:',
      '            method: GET',
      '            url: "/a/{{path inputs.id}/b"',
      '        - request:',
      '            method: GET',
      '            url: /b',
      '            headers:',
      '              X-Date: "{{fromat inputs.when}}"',
      '        - raise:',
      '            message: |',
      '              first line',
      '              {{#if inputs.x}}no end',
    ].join('\n'));
    const { diagnostics } = compileTexts({ 'connectors/c.yaml': text });
    expect(golden(diagnostics).map((l) => l.split(' ').slice(0, 2).join(' '))).to.deep.equal([
      'connectors/c.yaml:10:36 TPL_SYNTAX', // the lone `}` after `inputs.id`
      'connectors/c.yaml:15:24 TPL_UNKNOWN_HELPER', // `fromat`
      'connectors/c.yaml:19:13 TPL_SYNTAX', // the unclosed `{{#if` on the block's second line
    ]);
    expect(diagnostics[1]!.message).to.equal("unknown helper 'fromat'");
  });

  it('reports expressions longer than the limit', () => {
    const long = `"${'1 + '.repeat(20_000)}1"`;
    const { diagnostics } = compileTexts({ 'connectors/c.yaml': connector(`        - map: ${long}`) });
    // At the first character of the expression, inside the quotes.
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).to.deep.equal(['8:15 EXPR_TOO_LONG']);
  });
});
