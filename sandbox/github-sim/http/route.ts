import type { IncomingHttpHeaders } from 'node:http';
import type { SimContext } from '../sim-context.ts';
import type { Account, App, Installation, TokenGrant } from '../state/types.ts';

export type Auth =
  | { kind: 'none' }
  | { kind: 'app'; app: App }
  | {
      kind: 'installation';
      app: App;
      installation: Installation;
      grant: Extract<TokenGrant, { kind: 'installation' }>;
      token: string;
    }
  | { kind: 'user'; user: Account; token: string };

export interface RouteRequest {
  ctx: SimContext;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  auth: Auth;
  /** Full request URL (used to build `Link` headers). */
  url: URL;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (raw file contents). */
  text?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The path template exactly as GitHub's OpenAPI description spells it. */
  path: string;
  /** Who may call: an app JWT, an installation or user token, a user token only, or anyone. */
  auth: 'app' | 'token' | 'user' | 'none';
  /** Installation tokens need one of these (`checks:write`); user tokens and `metadata` always pass. */
  permission?: string[];
  handle(request: RouteRequest): RouteResponse | Promise<RouteResponse>;
}
