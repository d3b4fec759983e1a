/**
 * What each gateway's codec costs per callback (parse + render, no I/O): the research's Appendix C
 * asks that the adapter layer add little to the reply time. Run: `npx tsx bench/codecs.ts`.
 */
import { GATEWAYS } from '../src/gateways/registry.js';
import { RESEARCH_EXAMPLES } from '../test/fixtures/gateways/research-examples.js';

const ROUNDS = 50_000;
const screen = { text: 'Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64', end: false };

for (const codec of GATEWAYS) {
  const example = RESEARCH_EXAMPLES.find((e) => e.codec === codec.name && e.turn.kind === 'continue') ?? RESEARCH_EXAMPLES.find((e) => e.codec === codec.name);
  if (!example) continue;
  const once = () => {
    const parsed = codec.parse(example.raw);
    if (!parsed.ok) throw new Error(`${codec.name}: ${parsed.problems.join('; ')}`);
    return codec.render(screen, parsed.request).body.length;
  };
  for (let i = 0; i < 5_000; i++) once();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) once();
  const us = Number(process.hrtime.bigint() - start) / ROUNDS / 1000;
  console.log(`${codec.name.padEnd(22)} ${us.toFixed(2).padStart(6)} µs per parse + render  (${example.name})`);
}
