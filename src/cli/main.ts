import { demo } from './demo.js';
import { inspect } from './inspect.js';
import { stream } from './stream.js';
import { usage } from './usage.js';
import { UsageError } from './UsageError.js';

const commands: Record<string, (args: string[]) => Promise<number>> = { inspect, stream, demo };

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return 0;
  }
  if (command === undefined) throw new UsageError('missing command');
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
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`rx-responses: ${error.message}\nRun "rx-responses help" for usage.\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`rx-responses: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
