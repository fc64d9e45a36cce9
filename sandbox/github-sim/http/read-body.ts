import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.ts';

/** The request body parsed as JSON (undefined when empty); 413 past `limit`, 400 when not JSON. */
export const readJsonBody = async (request: IncomingMessage, limit: number): Promise<unknown> => {
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError({ status: 413, message: `Request body exceeds ${limit} bytes` }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError({ status: 400, message: 'Problems parsing JSON' });
  }
};
