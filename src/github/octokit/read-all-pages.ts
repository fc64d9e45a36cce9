import type { RequestOctokit } from './request-octokit.ts';

/** One page of a list GitHub pages: its items, and whether GitHub's `Link` header names a next page. */
export interface ListPage<T> {
  items: T[];
  next: boolean;
}

/** Whether a response's `Link` header names a next page. */
export function hasNextPage(response: unknown): boolean {
  const headers = (response as { headers?: Record<string, unknown> } | null)?.headers;
  return /rel="next"/.test(String(headers?.link ?? ''));
}

/**
 * Every page of a list, following GitHub's `Link` header, up to `maxPages`. A list that still has a next
 * page after that is not cut silently: reading it throws, so the gate refuses rather than decide on part
 * of it (DESIGN: a truncated read never approves).
 */
export async function readAllPages<T>(options: {
  /** The list, for the message: "the pull requests of abc1234". */
  what: string;
  maxPages: number;
  page(number: number): Promise<ListPage<T>>;
}): Promise<T[]> {
  const items: T[] = [];
  for (let number = 1; number <= options.maxPages; number++) {
    const page = await options.page(number);
    items.push(...page.items);
    if (!page.next) return items;
  }
  throw new Error(
    `${options.what} runs past the ${options.maxPages} pages the gate reads, so it cannot be read whole`,
  );
}

/** `readAllPages` over one REST route: `parameters` plus `page`, the items picked from each answer. */
export function readRestPages<T>(options: {
  octokit: RequestOctokit;
  route: string;
  parameters: Record<string, unknown>;
  what: string;
  maxPages: number;
  items(data: unknown): T[];
}): Promise<T[]> {
  const { octokit, route, parameters } = options;
  return readAllPages({
    what: options.what,
    maxPages: options.maxPages,
    page: async (page) => {
      const response = await octokit.request(route, { ...parameters, page });
      return { items: options.items(response.data), next: hasNextPage(response) };
    },
  });
}
