/** Longest string kept in `data` when the entry has room: user text (a /reject reason) stays readable. */
export const MAX_DATA_STRING = 2000;

/** Ever smaller limits, tried in turn until the entry fits: longest string, most items in a list or object. */
const LEVELS = [
  { text: MAX_DATA_STRING, items: 100 },
  { text: 500, items: 50 },
  { text: 100, items: 20 },
  { text: 20, items: 5 },
] as const;

type Level = (typeof LEVELS)[number];

/** What binds an entry to its change (see foreignOwner): never shortened. */
const BINDING = ['repository', 'repository_id', 'number'] as const;

const clipText = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never cut a surrogate pair in half.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** `value` within `level`; `clipped` says whether anything was shortened or left out. */
const clip = (value: unknown, level: Level, top: boolean): { value: unknown; clipped: boolean } => {
  if (typeof value === 'string') {
    const text = clipText(value, level.text);
    return { value: text, clipped: text !== value };
  }
  let clipped = false;
  const each = (item: unknown) => {
    const result = clip(item, level, false);
    clipped ||= result.clipped;
    return result.value;
  };
  if (Array.isArray(value)) {
    const kept = value.slice(0, level.items).map(each);
    return { value: kept, clipped: clipped || kept.length < value.length };
  }
  // Only plain objects are rebuilt; anything else stays as is and canonicalJson says why it cannot be signed.
  if (!isPlainObject(value)) return { value, clipped: false };
  const entries = Object.entries(value);
  // The top level holds our own field names (a bounded set); nested objects can hold anything.
  const kept = top ? entries : entries.slice(0, level.items);
  const object = Object.fromEntries(kept.map(([key, item]) => [clipText(key, level.text), each(item)]));
  return { value: object, clipped: clipped || kept.length < entries.length };
};

const binding = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(BINDING.filter((name) => data[name] !== undefined).map((name) => [name, data[name]]));

/**
 * `data` bounded so that the entry it goes into fits (`fits`): every string at most MAX_DATA_STRING characters,
 * lists and nested objects at most 100 items, and, while the entry is still too large, ever shorter strings and
 * lists; as a last resort only the change's repository (name and id) and number. `data_clipped: true` says that something
 * was shortened. The binding to the change is kept whole.
 * So an entry never exceeds its cap, whatever users wrote (conditions, reasons, titles).
 */
export const fitEntryData = (
  data: Record<string, unknown>,
  fits: (data: Record<string, unknown>) => boolean,
): Record<string, unknown> => {
  for (const level of LEVELS) {
    const result = clip(data, level, true);
    const candidate = {
      ...(result.value as Record<string, unknown>),
      ...binding(data),
      ...(result.clipped ? { data_clipped: true } : {}),
    };
    if (fits(candidate)) return candidate;
  }
  return {
    ...binding(data),
    data_clipped: true,
    data_omitted: 'the details were too large for one history entry',
  };
};
