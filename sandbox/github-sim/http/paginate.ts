import { validationFailed } from './http-error.ts';
import type { RouteRequest, RouteResponse } from './route.ts';

const readPositive = (request: RouteRequest, options: { name: string; fallback: number }): number => {
  const raw = request.query.get(options.name);
  if (raw === null || raw === '') return options.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw validationFailed({
      resource: 'Search',
      field: options.name,
      message: `${options.name} must be a positive integer`,
    });
  }
  return value;
};

/**
 * One page of `items` with GitHub's `Link` header: prev, next, last, first (in that order, each
 * present only when it applies), every other query parameter kept.
 */
export const pageOf = <T>(
  request: RouteRequest,
  items: T[],
  perPage: { fallback: number; max: number },
): { slice: T[]; headers: Record<string, string> } => {
  const size = Math.min(readPositive(request, { name: 'per_page', fallback: perPage.fallback }), perPage.max);
  const page = readPositive(request, { name: 'page', fallback: 1 });
  const last = Math.max(1, Math.ceil(items.length / size));
  const href = (target: number): string => {
    const url = new URL(request.url);
    url.searchParams.set('page', String(target));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${href(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) links.push(`<${href(page + 1)}>; rel="next"`, `<${href(last)}>; rel="last"`);
  if (page > 1) links.push(`<${href(1)}>; rel="first"`);
  return {
    slice: items.slice((page - 1) * size, page * size),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
};

/** A list route's answer: one page of `items` (30 by default, at most 100), optionally wrapped. */
export const paginate = <T>(
  request: RouteRequest,
  items: T[],
  options: { wrap?: (page: T[]) => unknown } = {},
): RouteResponse => {
  const { slice, headers } = pageOf(request, items, { fallback: 30, max: 100 });
  return { status: 200, body: options.wrap ? options.wrap(slice) : slice, headers };
};
