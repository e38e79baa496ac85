// What polling monitors and webhook registrations store about a failure: a code and a bounded message.
// RuntimeError messages never carry payloads or secrets by contract; other errors keep only their message.
import { isRuntimeError } from '../errors/runtime-error.js';
import type { EventError } from '../store/event-store.js';

const MAX_MESSAGE_CHARS = 500;

export function triggerErrorOf(error: unknown, fallbackCode = 'RUN_INTERNAL'): EventError {
  const code = isRuntimeError(error) ? error.code : fallbackCode;
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.length > MAX_MESSAGE_CHARS ? `${raw.slice(0, MAX_MESSAGE_CHARS - 1)}…` : raw;
  return { code, message };
}
