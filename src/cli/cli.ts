/**
 * The `model-router` command: the same core as the extension, for scripts and CI.
 */
import { costCommand, COST_USAGE } from './costCommand';
import type { CliIo } from './io';
import { InputError, UsageError } from './io';
import { replayCommand, REPLAY_USAGE } from './replayCommand';
import { reportCommand, REPORT_USAGE } from './reportCommand';
import { routeCommand, ROUTE_USAGE } from './routeCommand';

const USAGE = ['Usage:', `  ${ROUTE_USAGE}`, `  ${COST_USAGE}`, `  ${REPLAY_USAGE}`, `  ${REPORT_USAGE}`].join('\n');

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  route: routeCommand,
  cost: costCommand,
  replay: replayCommand,
  report: (args, io) => reportCommand(args, io),
};

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 bad input, 2 bad usage. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`model-router: unknown command "${name}"`);
    io.err(USAGE);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`model-router ${name}: ${error.message}`);
      return 1;
    }
    // node:util parseArgs throws TypeErrors with a code for unknown or malformed options.
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`model-router ${name}: ${(error as Error).message}`);
      io.err(USAGE);
      return 2;
    }
    throw error;
  }
}
