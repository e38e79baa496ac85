// Waiting that a cancelled execution or a shutdown can cut short.
import { RuntimeError } from '../errors/runtime-error.js';
import type { Origin } from '../model/model.js';

export function abortedError(origin?: Origin): RuntimeError {
  return new RuntimeError('HTTP_ABORTED', 'the request was cancelled', { actor: 'operational', origin });
}

/** Resolves after `ms`, or rejects with HTTP_ABORTED as soon as `signal` aborts. */
export function abortableDelay(ms: number, signal?: AbortSignal, origin?: Origin): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(origin));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(origin));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
