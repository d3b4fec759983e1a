#!/usr/bin/env node
// The npm registry reachable here does not carry other platforms' optional binaries
// (@swc/core-darwin-arm64, @esbuild/win32-x64, …), so `npm install` leaves them out of
// package-lock.json and `npm ci` then refuses the lock as out of sync. This adds a lock entry
// for every such platform package with its `os`/`cpu`, which is all `npm ci` needs: it never
// fetches a package for another platform. Run after changing dependencies: npm run lock:complete
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony', 'wasi'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 'ppc64le', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32', 'armv7'];

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path === '' ? '' : `${path}/`;
    const here = `${base}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (packages[here] || packages[top]) continue;
    const words = name.split(/[/-]/);
    const os = OS.filter((o) => words.includes(o) || (o === 'win32' && words.includes('windows')));
    const cpu = CPU.filter((c) => words.includes(c) || (c === 'arm' && words.includes('arm') ) || (c === 'arm' && words.includes('armv7')));
    if (os.length === 0 && cpu.length === 0) continue; // not a platform binary: leave it to npm
    packages[top] = {
      version: String(range).replace(/^[\^~=]/, ''),
      ...(cpu.length ? { cpu } : {}),
      ...(os.length ? { os } : {}),
      license: meta.license ?? 'MIT',
      optional: true,
      ...(meta.dev ? { dev: true } : {}),
      ...(meta.peer ? { peer: true } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform package entries`);
