import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/api/openapi/openapi-document.ts';

/** Writes the API's OpenAPI description from its source (src/api/openapi); a test keeps the file equal to it. */
export const OPENAPI_FILE = new URL('../schemas/change-management-api.openapi.json', import.meta.url);

export const openApiFileText = (): string => `${JSON.stringify(openApiDocument, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, openApiFileText());
  console.log(`wrote ${OPENAPI_FILE.pathname}`);
}
