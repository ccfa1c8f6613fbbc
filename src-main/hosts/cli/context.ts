import type { App } from '../../app';
import type { Actor } from '../../api/types';
import type { MethodName, OutputOf } from '../../../src-shared/api';
import { UsageError } from './errors';

/** The CLI runs as the machine's owner: whoever can open the database file already has it all. */
export const SYSTEM_ACTOR: Actor = {
  staffId: 0,
  username: 'system',
  displayName: 'command line',
  role: 'supervisor',
  officeId: 'SYSTEM',
  officeKind: 'central',
  officeNameFa: 'خط فرمان',
  officeNameEn: 'command line',
  agencyCode: null,
  branchCode: null,
  mustChangePassword: false,
  sessionId: 'cli',
};

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
}

/** Calls a method through the same router the screens use; a refusal becomes exit 2. */
export async function callAsSystem<M extends MethodName>(app: App, method: M, input: unknown): Promise<OutputOf<M>> {
  const result = await app.router.callAsSystem(method, input, SYSTEM_ACTOR, 'en');
  if (!result.ok) {
    const where = result.error.field ? ` (${result.error.field})` : '';
    if (result.error.code === 'internal') throw new Error(result.error.message);
    throw new UsageError(`${result.error.message}${where}`);
  }
  return result.data as OutputOf<M>;
}
