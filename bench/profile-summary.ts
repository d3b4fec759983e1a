import { readFileSync } from 'node:fs';

/*
 * npx tsx bench/profile-summary.ts <file.cpuprofile> [requests]
 * Sums a V8 CPU profile's self time by category (HTTP framework, body parsing, validation, Redis,
 * XState, rendering, logging, metrics, GC, …) so the cost per request can be read off.
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const CATEGORIES: [string, RegExp][] = [
  ['GC', /^\(garbage collector\)$/],
  ['idle', /^\(idle\)$|^\(program\)$/],
  ['express', /node_modules\/(express|router|body-parser|raw-body|finalhandler|send|serve-static|on-finished|type-is|mime|content-type|qs|iconv-lite|depd|http-errors|statuses|media-typer|negotiator|accepts|encodeurl|escape-html|parseurl|proxy-addr|forwarded|fresh|range-parser|etag|vary|cookie|merge-descriptors|utils-merge|setprototypeof|inherits|destroy|unpipe|ee-first|path-to-regexp|debug|ms)\//],
  ['ioredis', /node_modules\/(ioredis|@ioredis|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback|lodash)/],
  ['bullmq', /node_modules\/(bullmq|msgpackr|cron-parser|uuid|semver|node-abort-controller)/],
  ['xstate', /node_modules\/xstate\//],
  ['zod', /node_modules\/zod\//],
  ['pino', /node_modules\/(pino|sonic-boom|thread-stream|fast-redact|quick-format|atomic-sleep|on-exit-leak)/],
  ['prom-client', /node_modules\/(prom-client|tdigest|bintrees)/],
  ['opentelemetry', /node_modules\/@opentelemetry\//],
  ['menu engine', /\/src\/menu\//],
  ['session', /\/src\/session\//],
  ['gateways', /\/src\/gateways\//],
  ['http (ours)', /\/src\/(http|app)/],
  ['effects', /\/src\/effects\//],
  ['infra (ours)', /\/src\/infra\//],
  ['node: http', /^node:_http|^node:http|_http_/],
  ['node: net/stream', /^node:(net|stream|internal\/streams|internal\/stream_base)/],
  ['node: other', /^node:/],
];

const [file, requestsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [requests]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const totals = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  if (!n) return;
  const { functionName, url } = n.callFrame;
  const label = url || functionName;
  const cat = CATEGORIES.find(([, re]) => re.test(label))?.[0] ?? (url ? 'other JS' : `native ${functionName || '(anonymous)'}`);
  totals.set(cat, (totals.get(cat) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const busy = [...totals].filter(([k]) => k !== 'idle').reduce((a, [, v]) => a + v, 0);
const requests = Number(requestsArg ?? 0);
const rows = [...totals].filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1]);
console.log(`| part | share of busy time | µs per request |`);
console.log(`|---|---|---|`);
for (const [k, v] of rows) console.log(`| ${k} | ${((v / busy) * 100).toFixed(1)}% | ${requests ? (v / requests).toFixed(1) : '-'} |`);
console.log(`| **busy total** | 100% | ${requests ? (busy / requests).toFixed(1) : '-'} |`);

if (process.env.TOP) {
  const byFn = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    if (!n) return;
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(src|dist)\//, '$1/')}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  console.log('\ntop functions by self time:');
  for (const [k, v] of [...byFn].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP))) {
    console.log(`${((v / busy) * 100).toFixed(1).padStart(5)}%  ${k}`);
  }
}
