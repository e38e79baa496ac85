// "Did you mean ...?" for misspelled keys and enum values.
import { distance } from 'fastest-levenshtein';

/** The candidate nearest to `word` (case-insensitively), when it is near enough to be a likely typo. */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const threshold = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= threshold ? best : undefined;
}
