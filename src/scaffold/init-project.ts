// `runtime init [dir]`: a new project with an example connector (with test cases and cassettes), an example
// flow, a README, editor settings mapping the JSON Schemas, a .gitignore, and copies of the schemas.
import { mkdir } from 'node:fs/promises';
import { projectTemplateFiles } from './template-files.js';
import { writePlannedFiles, type WriteOutcome } from './write-planned-files.js';

export async function initProject(root: string, force: boolean): Promise<WriteOutcome> {
  await mkdir(root, { recursive: true });
  // The folders exist even when a later edit empties them.
  const outcome = await writePlannedFiles(root, projectTemplateFiles(), force);
  if ('written' in outcome) for (const folder of ['connectors', 'flows']) await mkdir(`${root}/${folder}`, { recursive: true });
  return outcome;
}
