// Reads a request body up to a byte limit, checked while streaming: a declared Content-Length over the limit
// is refused before reading anything, and a chunked body is dropped as soon as it passes the limit.
import type { IncomingMessage } from 'node:http';

/** The body, or undefined when it is larger than `maxBytes` (answer 413 and close the connection). */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.resolve(undefined);
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (settle: () => void) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      settle();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading: what was read is dropped, the rest is never buffered here.
        req.pause();
        chunks.length = 0;
        finish(() => resolve(undefined));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks, size)));
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(new Error('the client closed the request before the body ended')));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
