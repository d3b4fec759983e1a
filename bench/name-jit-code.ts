import { readFileSync } from 'node:fs';

/*
 * callgrind_annotate cg.<pid>.1-01 | npx tsx bench/name-jit-code.ts /tmp/perf-<pid>.map
 * Names the bare addresses of JIT code in callgrind's output (`???:0x000000000d2cd040`) after the
 * function V8 compiled there, from the map `--perf-basic-prof` writes (`JS:*renderScreen …`; `*`
 * optimised, `^` baseline, `~` interpreted). V8 can reuse a freed code address for other code, so
 * a name whose callers make no sense is worth checking in the map by hand.
 */
const mapFile = process.argv[2];
if (!mapFile) throw new Error('usage: callgrind_annotate <file> | name-jit-code.ts /tmp/perf-<pid>.map');

interface Entry {
  start: number;
  end: number;
  name: string;
}

const entries: Entry[] = readFileSync(mapFile, 'utf8')
  .split('\n')
  .map((line) => /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map(([, start = '0', size = '0', name = '']) => ({ start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name }));
// The last code created at an address is what ran there last.
entries.reverse();

function nameOf(address: number): string | undefined {
  return entries.find((e) => e.start <= address && address < e.end)?.name;
}

const named = new Map<string, string>();
const input = readFileSync(0, 'utf8');
process.stdout.write(
  input.replace(/0x([0-9a-f]{8,16})/g, (hex, digits: string) => {
    let name = named.get(digits);
    if (name === undefined) named.set(digits, (name = nameOf(parseInt(digits, 16)) ?? hex));
    return name;
  }),
);
