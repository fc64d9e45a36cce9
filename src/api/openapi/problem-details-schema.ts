/** The shape of every error answer. */
export const problemDetails = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  description: 'RFC 9457 problem details.',
  properties: {
    type: { type: 'string', description: 'A URI naming the problem class.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What is wrong, for a person.' },
    instance: { type: 'string', description: 'The request path.' },
    errors: {
      type: 'array',
      description: 'Each bad field of the body (400, 422): a JSON pointer into it and what is wrong.',
      items: {
        type: 'object',
        required: ['pointer', 'message'],
        additionalProperties: false,
        properties: { pointer: { type: 'string' }, message: { type: 'string' } },
      },
    },
    rule: { type: 'string', description: 'The rule that refused (403, 409).' },
  },
} as const;
