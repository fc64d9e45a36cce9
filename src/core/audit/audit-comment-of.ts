import type { CommentFact } from '../decision/change-facts.ts';
import type { AuditComment } from './audit-export.ts';

/** A comment as the export keeps it (the field names of GitHub's REST API), from the fact the readers give. */
export const auditCommentOf = (fact: CommentFact): AuditComment => ({
  id: fact.id,
  author: fact.author,
  author_is_bot: fact.authorIsBot,
  created_at: fact.createdAt,
  updated_at: fact.updatedAt,
  edited: fact.edited,
  body: fact.body,
});
