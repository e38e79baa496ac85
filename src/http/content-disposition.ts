// The name a downloaded file gets: `Content-Disposition` (filename* first, RFC 6266/8187), else the URL's last
// path segment, else `download`. The name comes from a remote server: reduced to a safe base name.

export function responseFileName(contentDisposition: string | string[] | undefined, url: URL | string): string {
  const header = Array.isArray(contentDisposition) ? contentDisposition[0] : contentDisposition;
  const fromHeader = header ? fileNameFromDisposition(header) : undefined;
  const safeHeader = fromHeader === undefined ? '' : safeFileName(fromHeader);
  if (safeHeader) return safeHeader;
  let pathname = '';
  try {
    pathname = (typeof url === 'string' ? new URL(url) : url).pathname;
  } catch {
    // no usable URL: fall through to the default name
  }
  const segment = pathname.split('/').filter(Boolean).pop() ?? '';
  return safeFileName(decodeOrKeep(segment)) || 'download';
}

function fileNameFromDisposition(header: string): string | undefined {
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^']*)'[^']*'([^;]*)/i.exec(header);
  if (extended) {
    const charset = (extended[1] ?? '').trim().toLowerCase();
    const value = (extended[2] ?? '').trim();
    if (charset === 'utf-8' || charset === '') return decodeOrKeep(value);
    if (charset === 'iso-8859-1') return value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted) return (quoted[1] ?? '').replace(/\\(.)/g, '$1');
  const token = /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header);
  return token?.[1];
}

/** Base name only, no control characters or separators, no leading dots, at most 200 characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  return base
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
