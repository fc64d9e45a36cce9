/** Whether one more request of a caller may go through now, and if not, when. */
export interface RateDecision {
  allowed: boolean;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets (the `Retry-After` of a 429). */
  retryAfterSeconds: number;
}

/**
 * Counts requests per caller. In memory by default (createMemoryRateLimiter); an implementation backed by a
 * shared store (Redis) lets several replicas share the budget.
 */
export interface RateLimiter {
  take(key: string, now: number): Promise<RateDecision>;
}

/** `CHANGE_GATE_API_RATE_LIMIT`: `<requests>/<window>` e.g. `120/1m` (the default), or `off`. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 120, windowMs: 60_000 };

/** Reads `120/1m`, `10/30s`; null for `off`. Throws a message naming the variable for anything else. */
export const parseRateLimit = (text: string | undefined): RateLimit | null => {
  const value = (text ?? '').trim();
  if (value === '') return DEFAULT_RATE_LIMIT;
  if (value === 'off') return null;
  const match = /^(\d+)\s*\/\s*(\d*)\s*([smh])$/.exec(value);
  const requests = Number(match?.[1]);
  const windowMs = Number(match?.[2] || 1) * (UNITS[match?.[3] ?? ''] ?? Number.NaN);
  if (!match || requests < 1 || !(windowMs > 0)) {
    throw new Error(
      `CHANGE_GATE_API_RATE_LIMIT: "${value}" is not <requests>/<window> (e.g. 120/1m, 10/30s) or off`,
    );
  }
  return { requests, windowMs };
};

/** A fixed window per caller, in this process's memory; windows past their end are dropped as callers return. */
export const createMemoryRateLimiter = (limit: RateLimit): RateLimiter => {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async take(key, now) {
      if (windows.size > 10_000) {
        for (const [name, window] of windows) if (now - window.start >= limit.windowMs) windows.delete(name);
      }
      let window = windows.get(key);
      if (!window || now - window.start >= limit.windowMs) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + limit.windowMs - now) / 1000));
      if (window.count >= limit.requests) return { allowed: false, remaining: 0, retryAfterSeconds };
      window.count += 1;
      return { allowed: true, remaining: limit.requests - window.count, retryAfterSeconds };
    },
  };
};
