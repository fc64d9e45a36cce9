import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface Definition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

let cached: Definition[] | undefined;

const definitions = (): Definition[] => {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as Definition[];
  }
  return cached;
};

/** GitHub's own example payload for `event` (and `action`), or undefined when the package has none. */
export const findWebhookExample = (options: {
  event: string;
  action?: string;
}): Record<string, unknown> | undefined => {
  const definition = definitions().find((d) => d.name === options.event);
  if (!definition) return undefined;
  return options.action === undefined
    ? definition.examples[0]
    : definition.examples.find((example) => example.action === options.action);
};
