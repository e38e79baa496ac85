// Generous waits with a deadline: poll a condition until it holds, and fail with what was awaited otherwise.
// Never a timed assertion: a slow machine only makes the test take longer, up to the deadline.

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Says what was awaited (and what was seen) when the deadline passes. */
  readonly what?: () => string;
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, options: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what?.() ?? 'a condition'}`);
    await sleep(options.intervalMs ?? 50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
