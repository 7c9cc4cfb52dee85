#!/usr/bin/env node
/**
 * Runs every test of the given jest files by itself (`jest <file> -t '^<full name>$'`), one jest
 * run per test, and reports any test that fails alone or that matched anything but itself. Slow
 * (one app boot per test): for checking that tests do not depend on one another, not for CI.
 *
 *   node scripts/run-tests-alone.js test/http/judging.spec.ts test/http/advancement.spec.ts
 *
 * TEST_DATABASE_URL and the rest of the environment are passed on (TZ is set to UTC).
 */
'use strict';
const { spawnSync } = require('child_process');
const { mkdtempSync, readFileSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

const ROOT = join(__dirname, '..');
const JEST = join(ROOT, 'node_modules', '.bin', 'jest');
const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/run-tests-alone.js <spec file>...');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'tests-alone-'));
const env = { ...process.env, TZ: 'UTC' };

/** jest's JSON report of a run (null when jest wrote none). */
function jest(args, name) {
  const out = join(dir, `${name}.json`);
  const r = spawnSync(JEST, [...args, '--json', `--outputFile=${out}`, '--silent'], { cwd: ROOT, env, encoding: 'utf8' });
  try {
    return JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    process.stderr.write(r.stderr);
    return null;
  }
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let failures = 0;
let count = 0;
for (const file of files) {
  // The tests' full names, as jest reports them (describe titles and the test's, joined by spaces).
  // (a pattern no name matches: every test is skipped, and listed as pending)
  const all = jest([file, '-t', '^$'], 'list');
  const names = all ? all.testResults.flatMap((f) => f.assertionResults.map((a) => a.fullName)) : [];
  if (!names.length) {
    console.error(`${file}: no tests found`);
    failures++;
    continue;
  }
  for (const [i, name] of names.entries()) {
    count++;
    const started = Date.now();
    const r = jest([file, '-t', `^${escape(name)}$`], `run-${count}`);
    const results = r ? r.testResults.flatMap((f) => f.assertionResults) : [];
    const ran = results.filter((a) => a.status !== 'pending' && a.status !== 'skipped' && a.status !== 'todo');
    const ok = r && r.success && ran.length === 1 && ran[0].fullName === name && ran[0].status === 'passed';
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${file} [${i + 1}/${names.length}] ${name} (${secs} s)`);
    if (!ok) {
      failures++;
      for (const a of ran) for (const m of a.failureMessages ?? []) console.log(m.split('\n').slice(0, 12).join('\n'));
      if (r && r.testResults.some((f) => f.message)) console.log(r.testResults.map((f) => f.message).join('\n').split('\n').slice(0, 20).join('\n'));
      if (ran.length !== 1) console.log(`  ${ran.length} tests ran instead of 1`);
    }
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`${count - failures} of ${count} tests passed alone`);
process.exit(failures ? 1 : 0);
