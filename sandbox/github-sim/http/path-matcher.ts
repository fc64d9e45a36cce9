export interface PathMatch<T> {
  value: T;
  template: string;
  params: Record<string, string>;
}

interface Compiled<T> {
  value: T;
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
}

const compile = <T>(template: string, value: T): Compiled<T> => {
  const names: string[] = [];
  let literals = 0;
  const segments = template.split('/').map((segment, index, all) => {
    const param = /^\{(\w+)\}$/.exec(segment);
    if (param?.[1]) {
      names.push(param[1]);
      // A trailing `{path}` (repository contents) spans slashes when the client does not encode them.
      return index === all.length - 1 && param[1] === 'path' ? '(.+)' : '([^/]+)';
    }
    literals++;
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return { value, template, regex: new RegExp(`^${segments.join('/')}/?$`), names, literals };
};

const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Matches a request path to the most specific template (most literal segments wins, as GitHub routes). */
export const createPathMatcher = <T>(entries: Array<{ template: string; value: T }>) => {
  const byMethod = new Map<string, Compiled<T>[]>();
  const add = (method: string, template: string, value: T): void => {
    const list = byMethod.get(method) ?? [];
    list.push(compile(template, value));
    byMethod.set(method, list);
  };
  for (const entry of entries) {
    const [method, template] = entry.template.split(' ') as [string, string];
    add(method.toUpperCase(), template, entry.value);
  }
  return {
    add,
    match(method: string, path: string): PathMatch<T> | undefined {
      let best: { compiled: Compiled<T>; groups: string[] } | undefined;
      for (const compiled of byMethod.get(method.toUpperCase()) ?? []) {
        const groups = compiled.regex.exec(path);
        if (groups && (!best || compiled.literals > best.compiled.literals)) {
          best = { compiled, groups: groups.slice(1) };
        }
      }
      if (!best) return undefined;
      const params: Record<string, string> = {};
      best.compiled.names.forEach((name, i) => {
        params[name] = decode(best.groups[i] ?? '');
      });
      return { value: best.compiled.value, template: best.compiled.template, params };
    },
    /** Whether any method serves this path (405-style hints and "not implemented" reports). */
    methodsFor(path: string): string[] {
      return [...byMethod.entries()]
        .filter(([, list]) => list.some((c) => c.regex.test(path)))
        .map(([method]) => method);
    },
  };
};
