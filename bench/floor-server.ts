import { createServer } from 'node:http';
import { RespClient } from './resp-client';

/*
 * The floor: the fastest a Redis-backed USSD server can be in Node. It parses the form body,
 * makes one Redis round trip (GET + SET EX in one write) and answers a fixed, plausible reply.
 * No validation, no state machine, no compare-and-set: what any real service must beat is this.
 */
const port = Number(process.env.PORT ?? 3900);
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const redis = new RespClient(Number(redisUrl.port || 6379), redisUrl.hostname);

createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    const form = new URLSearchParams(body);
    const key = `floor:s:{at:${form.get('sessionId') ?? ''}}`;
    const text = form.get('text') ?? '';
    void redis.pipeline([['GET', key], ['SET', key, text, 'EX', '20']]).then(() => {
      const reply = text.split('*').length >= 5 ? 'END You scored 3/3 in Math.' : 'CON Welcome to Eneza.\n1. Start Quiz\n2. View Score';
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(reply) });
      res.end(reply);
    });
  });
}).listen(port, () => process.stdout.write(`{"msg":"listening on http://127.0.0.1:${port}"}\n`));
