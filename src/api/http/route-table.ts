import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route receives: the request, its path parameters and query, and the response to write. */
export interface RouteRequest {
  request: IncomingMessage;
  response: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export interface Route {
  method: 'GET' | 'POST';
  /** A path with `{name}` segments, e.g. `/change-requests/{change_id}/approve`. */
  path: string;
  handle: (request: RouteRequest) => Promise<void>;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong_method'; allowed: string[] }
  | { kind: 'none' };

const compile = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((part) =>
        /^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
      )
      .join('/')}$`,
  );

/** A tiny method + path router: the API has a handful of routes, not worth a dependency. */
export const routeTable = (routes: readonly Route[]) => {
  const compiled = routes.map((route) => ({ route, pattern: compile(route.path) }));
  return (method: string, path: string): RouteMatch => {
    const matching = compiled.flatMap(({ route, pattern }) => {
      const match = pattern.exec(path);
      return match ? [{ route, params: { ...match.groups } as Record<string, string> }] : [];
    });
    const found = matching.find(({ route }) => route.method === method);
    if (found) return { kind: 'found', ...found };
    if (matching.length > 0)
      return { kind: 'wrong_method', allowed: matching.map(({ route }) => route.method) };
    return { kind: 'none' };
  };
};
