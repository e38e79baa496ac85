// Secret comparisons that take the same time wherever the inputs differ. Both sides are hashed first, so
// timingSafeEqual always sees equal-length buffers and not even the expected value's length leaks.
import { createHash, timingSafeEqual } from 'node:crypto';

export function constantTimeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const x = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const y = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  const same = timingSafeEqual(digest(x), digest(y));
  return same && x.length === y.length;
}

function digest(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}
