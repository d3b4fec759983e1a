import { createServer } from 'node:http';

/*
 * The fetch and forward benchmarks' peer, at once and in its own process (its CPU is not counted
 * as the service's): `/ussd…` is a legacy USSD app speaking Africa's Talking (one screen for any
 * hop); anything else is a source answering a small account as JSON, with fields the menu does
 * not keep.
 */
const account = JSON.stringify({ name: 'Amina', balance: 1500, currency: 'KES', statement: 'x'.repeat(400), id: 'acc_000001' });
const LEGACY_SCREEN = 'CON Legacy app:\n1. Balance\n2. Pay bill\n3. Help';
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const legacy = req.url?.startsWith('/ussd') === true;
    const body = legacy ? LEGACY_SCREEN : account;
    res.writeHead(200, { 'content-type': legacy ? 'text/plain' : 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })}\n`);
});
