import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveDatabasePath } from '../../paths';
import { openApp, type App } from '../../app';
import { UsageError } from './errors';
import type { CliIo } from './context';
import { dbCommands } from './commands/db';
import { seedCommands } from './commands/seed';
import { staffCommands } from './commands/staff';
import { serveCommand } from './commands/serve';
import { trustCommands } from './commands/trust';
import { officeCommands, syncCommands } from './commands/sync';

export interface CommandSpec {
  /** Flags besides --db. */
  options: NonNullable<ParseArgsConfig['options']>;
  usage: string;
  /** Takes one positional argument (given to run as `_0`). */
  positional?: boolean;
  /** Serves staff for hours: the database file is read into the OS cache after opening. */
  prewarm?: boolean;
  /** Returns the exit code; long-running commands (serve) resolve when they stop. */
  run(app: App, values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number>;
}

const COMMANDS: Record<string, CommandSpec> = {
  ...dbCommands,
  ...seedCommands,
  ...staffCommands,
  serve: serveCommand,
  ...trustCommands,
  ...officeCommands, ...syncCommands,
};

function usage(): string {
  return ['usage: kara-desk <command> [--db PATH] [options]', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name} ${c.usage}`)].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const name = [argv[0], argv[1]].filter(Boolean).join(' ');
  const [commandName, rest] = COMMANDS[name] ? [name, argv.slice(2)] : [argv[0] ?? '', argv.slice(1)];
  const command = COMMANDS[commandName];
  if (!command) {
    io.err(argv.length ? `unknown command: ${argv.join(' ')}\n\n${usage()}` : usage());
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    // At most one positional (`db restore FILE`), handed to the command as `_0`.
    const parsed = parseArgs({ args: rest, options: { db: { type: 'string' }, ...command.options }, strict: true, allowPositionals: true });
    if (parsed.positionals.length > (command.positional ? 1 : 0)) throw new Error(`unexpected argument: ${parsed.positionals.slice(command.positional ? 1 : 0).join(" ")}`);
    values = { ...parsed.values, ...(parsed.positionals[0] !== undefined ? { _0: parsed.positionals[0] } : {}) };
  } catch (error) {
    io.err(`${(error as Error).message}\nusage: kara-desk ${commandName} ${command.usage}`);
    return 2;
  }
  let app: App | undefined;
  try {
    app = await openApp({ dbPath: resolveDatabasePath(values.db as string | undefined), prewarm: command.prewarm ?? false });
    return await command.run(app, values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    io.err(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await app?.close();
  }
}

const isEntry = process.argv[1] && /hosts[\\/]cli[\\/]index\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) {
  const io: CliIo = {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
