import { createServer } from 'node:http';

/*
 * The fetch benchmark's source: answers every request with a small account as JSON (with fields
 * the menu does not keep), at once. Its own process, so its CPU is not counted as the service's.
 */
const body = JSON.stringify({ name: 'Amina', balance: 1500, currency: 'KES', statement: 'x'.repeat(400), id: 'acc_000001' });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })}\n`);
});
