/** GraphQL's answer when it holds `errors` next to partial `data`: the data and where each error is. */
export const partialAnswer = <T>(
  error: unknown,
): { data: T; paths: Array<Array<string | number>> } | null => {
  const failure = error as { name?: unknown; data?: unknown; errors?: Array<{ path?: unknown }> };
  if (failure?.name !== 'GraphqlResponseError' || !failure.data || typeof failure.data !== 'object')
    return null;
  const paths = (failure.errors ?? []).map((item) => (Array.isArray(item.path) ? item.path : []));
  return { data: failure.data as T, paths };
};
