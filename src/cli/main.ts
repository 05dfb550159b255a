import { demo } from './demo.js';
import { inspect } from './inspect.js';
import { oneLine } from './oneLine.js';
import { INTERRUPTED_EXIT_CODE } from './printStream.js';
import { readVersion } from './readVersion.js';
import { reraiseInterrupt } from './reraiseInterrupt.js';
import { serve } from './serve.js';
import { stream } from './stream.js';
import { usage } from './usage.js';
import { UsageError } from './UsageError.js';

const commands: Record<string, (args: string[]) => Promise<number>> = { inspect, stream, demo, serve };

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) {
    // Like a usage error: the usage goes to stderr, so nothing reaches a pipe, and exit code 2.
    process.stderr.write(usage);
    return 2;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return 0;
  }
  if (command === 'version' || command === '--version' || command === '-v') {
    process.stdout.write(`${await readVersion()}\n`);
    return 0;
  }
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (run === undefined) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  return run(args);
}

// Output cut short by the reader (`rx-responses inspect big.jsonl | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    // Stopped with Ctrl-C, cleanup done: die of SIGINT, so a shell loop running us stops too.
    if (code === INTERRUPTED_EXIT_CODE) reraiseInterrupt();
    else process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`rx-responses: ${oneLine(error.message)}\nRun "rx-responses help" for usage.\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`rx-responses: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
      process.exitCode = 1;
    }
  },
);
