// Event ids: ULIDs (26 Crockford base32 characters: 48-bit milliseconds, 80 random bits). Ids made by one
// generator strictly increase, also within a millisecond and when the clock steps back, so they sort by arrival.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_TIME = 2 ** 48 - 1;

export const EVENT_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function createEventIdGenerator(now: () => number = Date.now): () => string {
  let lastTime = -1;
  let lastRandom: number[] = [];
  return () => {
    const time = Math.min(Math.max(Math.trunc(now()), 0), MAX_TIME);
    if (time > lastTime) {
      lastTime = time;
      lastRandom = freshRandom();
    } else if (!increment(lastRandom)) {
      // 2^80 ids in one millisecond: borrow the next millisecond.
      lastTime++;
      lastRandom = freshRandom();
    }
    return encodeTime(lastTime) + lastRandom.map((d) => ALPHABET[d]).join('');
  };
}

function freshRandom(): number[] {
  const bytes = randomBytes(RANDOM_CHARS);
  // The top bit is left clear so that increments within a millisecond practically never overflow.
  return [...bytes].map((b, i) => (i === 0 ? b & 0x0f : b & 0x1f));
}

/** Adds one to a base32 digit array; false on overflow. */
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]!++;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

function encodeTime(time: number): string {
  let out = '';
  let t = time;
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[t % 32]! + out;
    t = Math.floor(t / 32);
  }
  return out;
}
