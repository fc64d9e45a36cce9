/** The simulator's notion of "now" for everything it timestamps (tests move it; auth never does). */
export interface Clock {
  now(): Date;
  /** GitHub's REST timestamp: ISO 8601 in UTC without milliseconds. */
  iso(date?: Date): string;
}

export const toGitHubTime = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

export const createClock = (now: () => Date | number = () => Date.now()): Clock => {
  const read = (): Date => {
    const value = now();
    return value instanceof Date ? value : new Date(value);
  };
  return { now: read, iso: (date) => toGitHubTime(date ?? read()) };
};
