// A small Dockerfile reader for the packaging tests (no Docker engine here, and hadolint is not on npm):
// instructions with their arguments, line continuations joined, comments and parser directives dropped,
// grouped by build stage.

export interface Instruction {
  /** Upper-cased: FROM, RUN, COPY, ... */
  keyword: string;
  /** The text after the keyword, continuations joined with a space. */
  args: string;
  /** The exec form's array when the arguments are a JSON array (`CMD ["node", "x"]`), else null. */
  exec: string[] | null;
  /** `--name=value` flags in front of the arguments (COPY --from=deps, HEALTHCHECK --interval=30s). */
  flags: Record<string, string>;
  /** The arguments after the flags. */
  rest: string;
  line: number;
}

export interface Stage {
  image: string;
  name: string | null;
  instructions: Instruction[];
}

const parseExec = (text: string): string[] | null => {
  if (!text.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
  } catch {
    return null;
  }
};

const splitFlags = (args: string): { flags: Record<string, string>; rest: string } => {
  const flags: Record<string, string> = {};
  let rest = args;
  for (;;) {
    const match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest);
    if (match === null) return { flags, rest };
    flags[match[1] ?? ''] = match[2] ?? 'true';
    rest = rest.slice(match[0].length);
  }
};

export const parseDockerfile = (text: string): Instruction[] => {
  const lines = text.split('\n');
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (pending === '' && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (pending !== '' && line.trim().startsWith('#')) return;
    if (pending === '') startLine = index + 1;
    const continued = line.endsWith('\\');
    pending += `${pending === '' ? '' : ' '}${(continued ? line.slice(0, -1) : line).trim()}`;
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/.exec(pending);
    pending = '';
    if (match === null) return;
    const keyword = (match[1] ?? '').toUpperCase();
    const args = (match[2] ?? '').trim();
    const { flags, rest } = splitFlags(args);
    instructions.push({ keyword, args, exec: parseExec(rest), flags, rest, line: startLine });
  });
  if (pending !== '') throw new Error('Dockerfile ends inside a line continuation');
  return instructions;
};

export const stagesOf = (instructions: Instruction[]): Stage[] => {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.rest.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? (name ?? null) : null, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) {
      if (instruction.keyword === 'ARG') continue;
      throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    }
    stage.instructions.push(instruction);
  }
  return stages;
};

/** `KEY=value KEY2="value 2"` of an ENV instruction. */
export const envPairs = (args: string): Record<string, string> => {
  const pairs: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
    pairs[match[1] ?? ''] = match[3] ?? match[2] ?? '';
  }
  return pairs;
};
