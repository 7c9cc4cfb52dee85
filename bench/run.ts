/**
 * Benchmarks: `npm run bench -- <name>`. Each benchmark module exports `run(args): Promise<void>`,
 * prints its figures and, as its last line, `<name>: <x> …; baseline <y> …; ratio <r>`, where the
 * baseline is measured in the same run on the same machine.
 */
const BENCHMARKS: Record<string, string> = {
  'score-entry': './score-entry',
  framework: './framework',
  advancement: './advancement',
  plan: './plan',
  'public-notice': './public-notice',
  instructions: './instructions',
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const path = name ? BENCHMARKS[name] : undefined;
  if (!path) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join(' | ')}>\n`);
    process.exitCode = 2;
    return;
  }
  const mod = (await import(path)) as { run(args: string[]): Promise<void> };
  await mod.run(args);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
