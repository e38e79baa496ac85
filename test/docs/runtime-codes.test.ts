// The runtime error codes are in sync three ways: the registry (src/errors/runtime-codes.ts, gathering each area's
// map), the "Runtime errors" part of docs/errors.md, and the codes the source actually raises or answers with.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { DIAGNOSTIC_CODES } from '../../src/errors/codes.js';
import { RUNTIME_CODE_AREAS, RUNTIME_CODES, isRuntimeCode } from '../../src/errors/runtime-codes.js';
import { errorsDocParts, readErrorsDoc, sections } from './errors-doc-sections.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ACTORS = ['author', 'operational', 'user', 'bug'];

/**
 * Code-shaped literals in src/ that are not our codes, each family with its reason. Anything else shaped like
 * a code must be a registered diagnostic or runtime code.
 */
const NOT_CODES: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^RUNTIME_[A-Z0-9_]+$/, why: 'environment variables' },
  { pattern: /^(ERR|EAI|SQLITE|HPE)_[A-Z0-9_]+$/, why: 'Node.js, DNS, SQLite and HTTP parser error codes' },
  { pattern: /^ABORT_ERR$/, why: 'the DOMException code of an aborted fetch' },
  { pattern: /^(LC_ALL|GIT_[A-Z_]+)$/, why: 'environment of spawned git' },
  { pattern: /^(OPEN|CLOSE)_[A-Z_]+$/, why: 'Handlebars parser token names' },
  { pattern: /^(DUPLICATE_KEY|QUOTE_DOUBLE|TAG_RESOLVE_FAILED)$/, why: 'codes of the yaml library' },
  { pattern: /^WEBHOOK_HANDSHAKE$/, why: 'the log tag of a delivery a handshake answered: not an error' },
];

/** Where a literal must be a runtime code: the first capture group is the code. */
const RAISE_SITES: readonly RegExp[] = [
  /\b(?:new RuntimeError|authError)\(\s*'([A-Z][A-Z0-9_]*)'/g,
  /\btriggerErrorOf\([^()]*,\s*'([A-Z][A-Z0-9_]*)'\)/g,
  /\bsendError\(\s*\w+,\s*\d+,\s*'([A-Z][A-Z0-9_]*)'/g,
  /\bfail\(\s*\d+,\s*'([A-Z][A-Z0-9_]*)'/g,
  /\brejected\(\s*'([A-Z][A-Z0-9_]*)'/g,
  /\bemitWarning\([^;]*?\bcode:\s*'([A-Z][A-Z0-9_]*)'/g,
  /\?\s*\w+\.code\s*:\s*'([A-Z][A-Z0-9]*_[A-Z0-9_]+)'/g, // fallbacks: `isRuntimeError(e) ? e.code : 'RUN_INTERNAL'`
];

const CODE_LITERAL = /['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"`]/g;

interface Found {
  readonly code: string;
  readonly where: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out.sort();
}

function matches(patterns: readonly RegExp[]): Found[] {
  const found: Found[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const m of text.matchAll(new RegExp(pattern.source, pattern.flags))) {
        const line = text.slice(0, m.index).split('\n').length;
        found.push({ code: m[1]!, where: `src/${path.relative(SRC, file).split(path.sep).join('/')}:${line}` });
      }
    }
  }
  return found;
}

describe('runtime error codes', () => {
  const runtime = sections(errorsDocParts(readErrorsDoc()).runtime);
  const registered = Object.keys(RUNTIME_CODES);

  describe('the registry', () => {
    it('gathers every area once: no code is in two areas', () => {
      const all = Object.values(RUNTIME_CODE_AREAS).flatMap((map) => Object.keys(map));
      const twice = all.filter((code, i) => all.indexOf(code) !== i);
      expect(twice, 'codes in more than one area map').to.deep.equal([]);
      expect(registered).to.have.length(all.length);
    });

    it('shares no code with the diagnostic registry', () => {
      expect(registered.filter((code) => Object.hasOwn(DIAGNOSTIC_CODES, code))).to.deep.equal([]);
    });

    it('gives every code an AREA_WHAT name, a known actor and a one-sentence description', () => {
      const bad = Object.entries(RUNTIME_CODES).filter(([code, info]) =>
        !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(code) || !ACTORS.includes(info.actor) || !/^\S.*\.$/.test(info.description));
      expect(bad.map(([code]) => code)).to.deep.equal([]);
    });

    it('answers isRuntimeCode for registered codes only', () => {
      expect(isRuntimeCode('HTTP_STATUS')).to.equal(true);
      expect(isRuntimeCode('DEF_TYPE')).to.equal(false);
      expect(isRuntimeCode('toString')).to.equal(false);
    });
  });

  describe('docs/errors.md, part "Runtime errors"', () => {
    it('documents every registered code', () => {
      expect(registered.filter((code) => !runtime.has(code)), 'registered but not documented').to.deep.equal([]);
    });

    it('documents no code that is not registered', () => {
      expect([...runtime.keys()].filter((code) => !isRuntimeCode(code)), 'documented but not registered').to.deep.equal([]);
    });

    it('gives each code its registry description, who acts (the registry\'s actor) and how to fix it', () => {
      const incomplete = registered.filter((code) => {
        const body = runtime.get(code);
        if (body === undefined) return false; // reported above
        const { actor, description } = RUNTIME_CODES[code as keyof typeof RUNTIME_CODES];
        return !body.includes(description) || !body.includes(`Who acts: ${actor}`) || !body.includes('How to fix:');
      });
      expect(incomplete, 'sections lacking the description, "Who acts: <actor>" or "How to fix:"').to.deep.equal([]);
    });

    it('lists the codes in the order of the registry\'s areas', () => {
      expect([...runtime.keys()].filter(isRuntimeCode)).to.deep.equal(registered);
    });
  });

  describe('the source', () => {
    it('raises and answers with registered runtime codes only', () => {
      const found = matches(RAISE_SITES);
      expect(found.length, 'the patterns find the raise sites').to.be.greaterThan(50);
      const unregistered = found.filter((f) => !isRuntimeCode(f.code)).map((f) => `${f.code} at ${f.where}`);
      expect(unregistered, 'add them to the area\'s *-errors.ts map (and docs/errors.md)').to.deep.equal([]);
    });

    it('has no code-shaped literal that is neither a registered code nor a known non-code', () => {
      const unknown = matches([CODE_LITERAL])
        .filter((f) => !isRuntimeCode(f.code) && !Object.hasOwn(DIAGNOSTIC_CODES, f.code))
        .filter((f) => !NOT_CODES.some((n) => n.pattern.test(f.code)))
        .map((f) => `${f.code} at ${f.where}`);
      expect(unknown, 'register each code, or add a non-code to NOT_CODES with the reason').to.deep.equal([]);
    });
  });
});
