import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { z } from 'zod';
import { KnobsPatchSchema, KnobsSchema, type Knobs, type KnobsPatch } from './knobs.js';
import { Ledger } from './ledger.js';

/** What every local sandbox (providers, sources) has: its knobs, its ledger, its URL once listening. */
export interface Sandbox<K extends string> {
  kind: K;
  /** Base URL to configure the service with (BILLING_URL, SOURCE_LEARNERS_URL, …). */
  url: string;
  knobs: Knobs;
  ledger: Ledger;
  setKnobs(patch: KnobsPatch): Knobs;
  close(): Promise<void>;
}

/** A sandbox's state and an Express app (JSON bodies) for its own routes. */
export function newSandbox<K extends string>(kind: K, knobs: KnobsPatch): { sandbox: Sandbox<K>; app: Express } {
  const sandbox = { kind, url: '', knobs: KnobsSchema.parse(knobs), ledger: new Ledger() } as Sandbox<K>;
  sandbox.setKnobs = (patch) => (sandbox.knobs = KnobsSchema.parse({ ...sandbox.knobs, ...patch }));
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  return { sandbox, app };
}

/**
 * Adds `GET /_sandbox` (knobs and ledger) and `PATCH /_sandbox/knobs` (change them live), then
 * listens on 127.0.0.1 (`port` 0: a free one) and fills in `url` and `close`.
 */
export async function serveSandbox<K extends string>(sandbox: Sandbox<K>, app: Express, port: number): Promise<Sandbox<K>> {
  const { kind, ledger } = sandbox;
  app.get('/_sandbox', (_req, res) => void res.json({ kind, knobs: sandbox.knobs, summary: ledger.summary(), entries: ledger.list() }));
  app.patch('/_sandbox/knobs', (req, res) => {
    const patch = KnobsPatchSchema.safeParse(req.body);
    if (!patch.success) return void res.status(400).json({ error: z.prettifyError(patch.error) });
    res.json(sandbox.setKnobs(patch.data));
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  sandbox.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox.close = () => closeServer(server);
  return sandbox;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
