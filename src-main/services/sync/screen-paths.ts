// The paths a supervisor types on the sync screen (the browser host has no file dialog):
// each refusal names the field and says what is wrong, in the person's language.
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { AppError } from '../../../src-shared/api';

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** A folder the export may write its bundle into. */
export function checkExportFolder(folder: string): void {
  const params = { folder };
  // A relative path would resolve against wherever the app was started: never what was meant.
  if (!isAbsolute(folder)) throw new AppError('validation', 'sync.folderNotAbsolute', { field: 'folder', params });
  if (!statOf(folder)?.isDirectory()) throw new AppError('validation', 'sync.folderNotFound', { field: 'folder', params });
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new AppError('refused', 'sync.folderNotWritable', { field: 'folder', params });
  }
}

/** A bundle file to import. */
export function checkBundleFile(file: string): void {
  const params = { file };
  if (!isAbsolute(file)) throw new AppError('validation', 'sync.fileNotAbsolute', { field: 'file', params });
  if (!statOf(file)?.isFile()) throw new AppError('validation', 'sync.fileNotFound', { field: 'file', params });
}
