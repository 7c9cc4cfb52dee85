#!/usr/bin/env node
/**
 * Runs the auditor's command line from compiled JavaScript (`npm run -s cli -- …`).
 *
 * The compiled copy lives in dist-cli/ (src/ and data/ transpiled file by file, no type check:
 * the project compiles with isolatedModules, so each file transpiles alone). It is rebuilt when
 * it is missing or older than any source file (about a second, once); `npm ci` builds it through
 * the `prepare` script, so the first call after an install is fast too. Should the build fail
 * (no typescript, say), the command runs under ts-node instead.
 *
 *   node scripts/cli.js <command> …     run a command
 *   node scripts/cli.js --build         (re)build dist-cli/ only; never fails the install
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist-cli');
const STAMP = path.join(OUT, '.built');
const SOURCES = ['src', 'data'];

function walk(dir, files = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) || entry.name.endsWith('.json')) files.push(full);
  }
  return files;
}

function sources() {
  return SOURCES.flatMap((d) => walk(path.join(ROOT, d))).concat(path.join(ROOT, 'tsconfig.json'));
}

function upToDate(files) {
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return false;
  }
  return files.every((f) => fs.statSync(f).mtimeMs <= built);
}

function build(files) {
  const ts = require('typescript');
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
  const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
  const tmp = `${OUT}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    writeAll(ts, compilerOptions, files, tmp);
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.renameSync(tmp, OUT);
  } catch (e) {
    // Another call may have built the same copy at the same moment: use it if it is current.
    if (!upToDate(files)) throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function writeAll(ts, compilerOptions, files, tmp) {
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    if (rel === 'tsconfig.json') continue;
    const target = path.join(tmp, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file.endsWith('.json')) fs.copyFileSync(file, target);
    else fs.writeFileSync(target, ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions, fileName: file }).outputText);
  }
  fs.writeFileSync(path.join(tmp, '.built'), new Date().toISOString());
}

function ensureBuilt() {
  const files = sources();
  if (!upToDate(files)) build(files);
}

if (process.argv[2] === '--build') {
  try {
    ensureBuilt();
  } catch (e) {
    process.stderr.write(`dist-cli not built (${e.message}); the command line will run under ts-node\n`);
  }
} else {
  let main;
  try {
    ensureBuilt();
    main = require(path.join(OUT, 'src', 'cli', 'main.js'));
  } catch {
    require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
    main = require(path.join(ROOT, 'src', 'cli', 'main.ts'));
  }
  main.runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
