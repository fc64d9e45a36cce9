/** Maps with at most `limit` calls in flight; results keep the input order. The first rejection rejects. */
export async function mapWithConcurrency<T, R>(options: {
  items: readonly T[];
  limit: number;
  map(item: T): Promise<R>;
}): Promise<R[]> {
  const { items, map } = options;
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.limit, items.length)) }, worker));
  return results;
}
