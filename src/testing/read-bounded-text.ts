// Reads a UTF-8 file refusing an oversized one from its size alone; test files and cassettes share it.
import { readFile, stat } from 'node:fs/promises';
import { reasonOf } from '../project/find-definition-files.js';

export type BoundedText =
  | { readonly text: string }
  | { readonly missing: true }
  | { readonly problem: { readonly code: 'YAML_TOO_LARGE' | 'FILE_UNREADABLE'; readonly message: string } };

export async function readBoundedText(file: string, maxBytes: number): Promise<BoundedText> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { problem: { code: 'FILE_UNREADABLE', message: 'not a file' } };
    if (info.size > maxBytes) return { problem: { code: 'YAML_TOO_LARGE', message: `file is larger than ${maxBytes} bytes` } };
    const bytes = await readFile(file);
    if (bytes.length > maxBytes) return { problem: { code: 'YAML_TOO_LARGE', message: `file is larger than ${maxBytes} bytes` } };
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return { missing: true };
    if (e instanceof TypeError) return { problem: { code: 'FILE_UNREADABLE', message: 'the file is not UTF-8 text' } };
    return { problem: { code: 'FILE_UNREADABLE', message: reasonOf(e) } };
  }
}
