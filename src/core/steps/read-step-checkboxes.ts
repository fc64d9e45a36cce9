/** A task-list line the app rendered: `- [x] name … <!-- step:<id> -->`. */
const LINE = /^\s*[-*] \[([ xX])\] .*<!-- step:([a-z0-9][a-z0-9_-]{0,99}) -->\s*$/;

/**
 * Which steps a task-list comment shows ticked, by step id (the hidden id on each line, so that a renamed
 * line still names its step). The first line naming an id counts; lines without one are ignored.
 */
export const readStepCheckboxes = (body: string): Map<string, boolean> => {
  const boxes = new Map<string, boolean>();
  for (const line of body.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const id = match[2]!;
    if (!boxes.has(id)) boxes.set(id, match[1] !== ' ');
  }
  return boxes;
};
