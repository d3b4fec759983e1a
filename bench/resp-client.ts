import { createConnection, type Socket } from 'node:net';

/**
 * The smallest Redis client there is: one socket, commands pipelined, replies matched in order.
 * Only for the floor server, to measure what a Redis round trip costs with nothing on top.
 */
export class RespClient {
  private readonly socket: Socket;
  private readonly waiting: ((reply: unknown) => void)[] = [];
  private buffer: Buffer = Buffer.alloc(0);

  constructor(port: number, host = '127.0.0.1') {
    this.socket = createConnection({ port, host });
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const parsed = parse(this.buffer, 0);
        if (!parsed) break;
        this.buffer = this.buffer.subarray(parsed.end);
        this.waiting.shift()?.(parsed.value);
      }
    });
  }

  /** Sends several commands in one write; resolves with their replies. */
  pipeline(commands: string[][]): Promise<unknown[]> {
    let out = '';
    for (const cmd of commands) {
      out += `*${cmd.length}\r\n`;
      for (const arg of cmd) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
    }
    const replies = commands.map(() => new Promise<unknown>((resolve) => this.waiting.push(resolve)));
    this.socket.write(out);
    return Promise.all(replies);
  }

  close(): void {
    this.socket.end();
  }
}

function parse(buf: Buffer, at: number): { value: unknown; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol === -1) return undefined;
  const type = String.fromCharCode(buf[at] as number);
  const line = buf.toString('utf8', at + 1, eol);
  switch (type) {
    case '+':
      return { value: line, end: eol + 2 };
    case '-':
      return { value: new Error(line), end: eol + 2 };
    case ':':
      return { value: Number(line), end: eol + 2 };
    case '$': {
      const len = Number(line);
      if (len === -1) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + len + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + len), end: eol + 2 + len + 2 };
    }
    default:
      throw new Error(`unsupported RESP type ${type}`);
  }
}
