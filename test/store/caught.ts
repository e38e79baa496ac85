// Runs `fn` and returns the RuntimeError it throws; anything else, or nothing thrown, fails the test.
import { isRuntimeError, type RuntimeError } from '../../src/errors/runtime-error.js';

export function caught(fn: () => unknown): RuntimeError {
  try {
    fn();
  } catch (e) {
    if (isRuntimeError(e)) return e;
    throw e;
  }
  throw new Error('expected a RuntimeError');
}
