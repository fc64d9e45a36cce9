import type { ServerResponse } from 'node:http';
import { type ApiProblem, PROBLEMS, problemBody } from './api-problem.ts';

/** Sends a JSON answer; nothing of it is cached by intermediaries (answers depend on the caller). */
export const sendJson = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void => {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
};

/** Sends an RFC 9457 problem (`application/problem+json`). */
export const sendProblem = (response: ServerResponse, problem: ApiProblem, instance: string): void => {
  const text = JSON.stringify(problemBody(problem, instance));
  response.writeHead(PROBLEMS[problem.kind].status, {
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...problem.headers,
  });
  response.end(text);
};
