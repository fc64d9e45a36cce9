/** `2026-12-01T10:00:00.000Z` → `2026-12-01 10:00 UTC`, for people; text that is not a time stays as it is. */
export const formatUtc = (iso: string): string => {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};
