import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogEntry } from '../instruments/request-log.ts';
import { etagMatches, etagOf } from './etag.ts';
import type { RouteResponse } from './route.ts';

/**
 * Writes a response with GitHub's headers; a GET 200 gets an ETag and becomes an empty 304 when
 * `If-None-Match` matches. Returns the status actually sent.
 */
export const writeResponse = (options: {
  request: IncomingMessage;
  response: ServerResponse;
  result: RouteResponse;
  requestId: string;
  entry: RequestLogEntry;
}): number => {
  const { result, entry } = options;
  const headers: Record<string, string> = {
    'x-github-request-id': options.requestId,
    'x-github-media-type': 'github.v3; format=json',
    'x-github-enterprise-version': '3.19.0',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': entry.api === 'graphql' ? 'graphql' : 'core',
    ...result.headers,
  };
  let text = '';
  if (result.text !== undefined) {
    text = result.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (result.body !== undefined && result.status !== 204) {
    text = JSON.stringify(result.body);
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  let status = result.status;
  if (entry.method === 'GET' && status === 200) {
    const etag = etagOf(text);
    headers.etag = etag;
    headers['cache-control'] = 'private, max-age=60, s-maxage=60';
    headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
    if (etagMatches(options.request.headers['if-none-match'], etag)) {
      status = 304;
      text = '';
      delete headers['content-type'];
    }
  }
  options.response.writeHead(status, headers);
  options.response.end(text);
  return status;
};
