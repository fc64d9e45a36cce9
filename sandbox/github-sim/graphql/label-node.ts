import type { Label } from '../state/types.ts';

/** A label as GraphQL's `Label` object. */
export const labelNode = (label: Label) => ({
  __typename: 'Label',
  id: label.nodeId,
  name: label.name,
  color: label.color,
  description: label.description,
  isDefault: label.isDefault,
});
