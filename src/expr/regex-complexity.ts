// How long a regular expression can take on hostile input, decided at load time by recheck (a ReDoS checker built
// on automata theory). A JSONata evaluation timeout cannot stop a regex in the middle of a match, so the only
// safe place to refuse catastrophic backtracking is before anything runs.
import recheck from 'recheck';

export type RegexVerdict =
  | { readonly kind: 'safe' }
  /** Exponential: a few dozen characters can hang the process. `attack` is a short input that shows it. */
  | { readonly kind: 'exponential'; readonly attack: string }
  /** Polynomial of `degree`: slow only on long inputs (a 1 MB string of the attack's kind, squared or worse). */
  | { readonly kind: 'polynomial'; readonly degree: number; readonly attack: string }
  /** The checker gave up (timeout, unsupported syntax): nothing is claimed. */
  | { readonly kind: 'unknown' };

/** Per pattern and flags: every use of one regex is checked once per process. */
const verdicts = new Map<string, RegexVerdict>();
const CHECK_TIMEOUT_MS = 2000;
const MAX_ATTACK_CHARS = 60;

export function regexComplexity(pattern: string, flags: string): RegexVerdict {
  const key = `${flags}/${pattern}`;
  const known = verdicts.get(key);
  if (known) return known;
  const verdict = checkNow(pattern, flags);
  verdicts.set(key, verdict);
  return verdict;
}

function checkNow(pattern: string, flags: string): RegexVerdict {
  let result: ReturnType<typeof recheck.checkSync>;
  try {
    result = recheck.checkSync(pattern, flags, { timeout: CHECK_TIMEOUT_MS });
  } catch {
    return { kind: 'unknown' };
  }
  if (result.status !== 'vulnerable') return result.status === 'safe' ? { kind: 'safe' } : { kind: 'unknown' };
  const attack = shorten(result.attack.pattern);
  if (result.complexity.type === 'exponential') return { kind: 'exponential', attack };
  return { kind: 'polynomial', degree: result.complexity.degree, attack };
}

/** recheck writes attacks as JavaScript, e.g. `'a'.repeat(31) + '\x00'`; long ones are cut for a message. */
function shorten(text: string): string {
  return text.length <= MAX_ATTACK_CHARS ? text : `${text.slice(0, MAX_ATTACK_CHARS - 3)}...`;
}
