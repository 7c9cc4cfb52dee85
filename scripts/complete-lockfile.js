#!/usr/bin/env node
// This workplace's npm registry mirror serves only linux builds of
// platform-specific optional packages, so `npm install` cannot write lock
// entries for the others and `npm ci` then refuses the lock file
// ("Missing: @unrs/resolver-binding-darwin-x64@ from lock file").
// This script adds a metadata-only entry (version, os, cpu, optional) for every
// optional dependency that the lock file names but does not list. npm ci never
// downloads them: their os/cpu never match this machine. Run it after any
// `npm install`. See docs/decisions.md.
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;

function platformOf(name) {
  const n = name.split('/').pop();
  const os = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'sunos', 'netbsd', 'openbsd', 'aix']
    .find((o) => n.includes(`-${o}-`));
  const cpu = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x']
    .find((c) => n.includes(`-${c}`));
  if (!os || !cpu) return undefined;
  const entry = { os: [os], cpu: [cpu] };
  if (/-musl/.test(n)) entry.libc = ['musl'];
  else if (/-gnu/.test(n)) entry.libc = ['glibc'];
  return entry;
}

let added = 0;
for (const [key, meta] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = key === '' ? '' : `${key}/`;
    const candidates = [`${base}node_modules/${dep}`, `node_modules/${dep}`];
    if (candidates.some((c) => pkgs[c])) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    pkgs[`node_modules/${dep}`] = {
      version,
      cpu: platform.cpu,
      ...(meta.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: platform.libc } : {}),
      optional: true,
      os: platform.os,
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} platform entries`);
