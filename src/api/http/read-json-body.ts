import type { IncomingMessage } from 'node:http';
import { ApiProblem } from './api-problem.ts';

/** The largest request body the API reads (64 KiB): a change request form fits many times over. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a request's JSON body, at most `limit` bytes: 413 past it (told by `content-length` or counted while
 * reading), 415 for another media type, 400 for text that is not JSON. An empty body reads as `{}`.
 */
export const readJsonBody = async (request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> => {
  const tooLarge = () => new ApiProblem('payload_too_large', `the body is larger than ${limit} bytes`);
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ApiProblem(
      'unsupported_media_type',
      'send the body as JSON with `Content-Type: application/json`',
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiProblem('bad_request', `the body is not JSON: ${(error as Error).message}`, {
      errors: [{ pointer: '', message: 'not JSON' }],
    });
  }
};
