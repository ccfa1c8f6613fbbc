// Regenerates docs/workflow.md from the workflow table: npx tsx scripts/gen-workflow-doc.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderWorkflowDocument } from '../src-shared/workflow/document';

export const WORKFLOW_DOC = fileURLToPath(new URL('../docs/workflow.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(WORKFLOW_DOC, renderWorkflowDocument());
  console.log(`wrote ${WORKFLOW_DOC}`);
}
