/** `CHG-<year>-<number>`: the year the PR or issue was opened, its number zero-padded to 3 digits. */
export const changeIdOf = (facts: { createdAt: string; number: number }): string => {
  const year = new Date(facts.createdAt).getUTCFullYear();
  return `CHG-${Number.isFinite(year) ? year : 0}-${String(facts.number).padStart(3, '0')}`;
};
