import { setFlagsFromString } from 'node:v8';

/*
 * Imported first by main.ts, so it runs before anything allocates much.
 *
 * V8 "pretenures" an allocation site (allocates its objects straight in the old generation) once
 * most of its objects survive a young-generation collection. On the reply path that guess goes
 * wrong: XState's assigned contexts and the reply headers are alive across one collection only
 * because a hop was in flight when it ran, so V8 pretenures them, fills the old generation with
 * objects that die milliseconds later, and runs a full mark-compact every few seconds under steady
 * load, each one stalling every hop in flight. Without pretenuring, only what really lives on is
 * promoted (bench/results/2026-12-06.md: full collections and the open-loop tail, with and without).
 */
setFlagsFromString('--no-allocation-site-pretenuring');
