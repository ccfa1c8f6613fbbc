import type { CommandSpec } from '../index';
import { ROLES } from '../../../../src-shared/api';
import { UsageError } from '../errors';
import { callAsSystem } from '../context';

export const staffCommands: Record<string, CommandSpec> = {
  'staff add': {
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      office: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      temporary: { type: 'boolean' },
    },
    usage: `--username U --role (${ROLES.join('|')}) --office OFFICE_ID --password-stdin [--name "Full name"] [--temporary]`,
    async run(app, values, io) {
      for (const flag of ['username', 'role', 'office'] as const) if (!values[flag]) throw new UsageError(`--${flag} is required`);
      if (!values['password-stdin']) throw new UsageError('--password-stdin is required (a password is never taken from the command line)');
      const password = (await io.readStdin()).replace(/\r?\n$/, '');
      const { id } = await callAsSystem(app, 'staff.create', {
        username: values.username,
        displayName: (values.name as string | undefined) ?? values.username,
        role: values.role,
        officeId: values.office,
        temporaryPassword: password,
        mustChangePassword: values.temporary === true,
      });
      io.out(`staff ${values.username} created with id ${id}`);
      return 0;
    },
  },
};
