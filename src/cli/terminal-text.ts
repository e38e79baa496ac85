// Text that came from a service, a store or a definition, made safe and short for one terminal line: control
// characters (escape sequences that could repaint the terminal) are shown as `␦`.

export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '␦');
}

/** `printable`, cut to `max` characters with an ellipsis. */
export function clipped(text: string, max: number): string {
  const safe = printable(text);
  return safe.length <= max ? safe : `${safe.slice(0, Math.max(0, max - 1))}…`;
}

/** `2026-11-23 18:31:22` in UTC: sortable, and the same on every machine. */
export function formatTime(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '';
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** `850 ms`, `12.3 s`, `4 min 3 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
