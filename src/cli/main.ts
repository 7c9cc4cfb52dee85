/**
 * Entry point of the auditor's command line: `npm run -s cli -- <command> …`.
 * See RULES §7 and the README for the commands, their input and output.
 */
import { prizesCommand } from './prizes-command';
import { allocateCommand, aggregateCommand, checkId, drawCommand, verifyDrawCommand, windowCommand } from './commands';
import { BadInput, EXIT_BAD_INPUT, Io, processIo } from './io';

type Command = (args: string[], io: Io) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  'check-id': { run: checkId, usage: 'check-id <number>' },
  allocate: { run: allocateCommand, usage: 'allocate <file.json>' },
  aggregate: { run: aggregateCommand, usage: 'aggregate <file.json>' },
  draw: { run: drawCommand, usage: 'draw <file.json>' },
  'verify-draw': { run: verifyDrawCommand, usage: 'verify-draw <record.json>' },
  prizes: { run: prizesCommand, usage: 'prizes <file.json>' },
  window: { run: windowCommand, usage: 'window <YYYY-MM-DD> [--days N] [--holidays a,b] [--workdays c,d]' },
  'audit-verify': {
    // Loaded lazily: it is the only command that opens the database.
    run: async (args) => (await import('./audit-verify')).auditVerify(args),
    usage: 'audit-verify [--expect <seq>:<hash>]   (checks the hash chain of the configured database)',
  },
  'create-admin': {
    run: async (args, io) => (await import('./create-admin')).createAdmin(args, io),
    usage: 'create-admin --username <name> [--display-name <text>]   (the first city administrator; password from stdin or generated)',
  },
};

export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`usage: npm run -s cli -- <command>\ncommands:\n${Object.values(COMMANDS).map((c) => '  ' + c.usage).join('\n')}`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof BadInput) {
      io.err(JSON.stringify({ error: 'bad-input', field: e.field, message: e.message }));
      return EXIT_BAD_INPUT;
    }
    io.err(JSON.stringify({ error: 'failed', message: (e as Error).message }));
    return EXIT_BAD_INPUT;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
