import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Subprocess } from 'bun';
import { freePort, startPlatformProcess } from './support.ts';

/**
 * Oversized bodies through `npm start` over a real socket: the server in front must not cut
 * them off with a bare 413 of its own before the gateway (or the site's proxy) answers its
 * problem+json 413, whether the body declares its length, is chunked, or lies about it.
 */
const dataDir = `/tmp/edu-body-limit-test-${process.pid}`;
const port = freePort();
let platform: Subprocess | undefined;

beforeAll(async () => {
  platform = await startPlatformProcess({
    origin: `http://127.0.0.1:${port}`,
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error' },
  });
}, 90_000);
afterAll(async () => {
  platform?.kill('SIGINT');
  await platform?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/**
 * Sends `head` and then `body`'s pieces on a fresh connection, as fast as the socket takes them,
 * and resolves with the first `count` answers (each once its Content-Length bytes are in).
 * Writes after the server has answered and closed are dropped, as a client would see them fail.
 */
async function exchange(
  head: string,
  body: AsyncIterable<Uint8Array> | Uint8Array[] = [],
): Promise<RawAnswer> {
  const [first] = await exchangeAll(head, body, 1);
  if (!first) throw new Error('no answer');
  return first;
}

function exchangeAll(
  head: string,
  body: AsyncIterable<Uint8Array> | Uint8Array[],
  count: number,
): Promise<RawAnswer[]> {
  return new Promise((resolve, reject) => {
    const answers: RawAnswer[] = [];
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (failure?: Error) => {
      if (done) return;
      done = true;
      socket.destroy();
      failure ? reject(failure) : resolve(answers);
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer; got ${received.toString().slice(0, 200)}`)),
      20_000,
    );
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      while (answers.length < count) {
        const answer = takeAnswer();
        if (!answer) return;
        answers.push(answer);
      }
      clearTimeout(timer);
      finish();
    });
    /** The next whole answer off the front of `received`, or null while it is incomplete. */
    const takeAnswer = (): RawAnswer | null => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const [statusLine = '', ...lines] = received.subarray(0, end).toString().split('\r\n');
      const headers = new Map(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).trim().toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      const length = Number(headers.get('content-length') ?? 0);
      if (received.length - end - 4 < length) return null;
      const content = received.subarray(end + 4, end + 4 + length).toString();
      received = received.subarray(end + 4 + length);
      return { status: Number(statusLine.split(' ')[1]), headers, body: content };
    };
    socket.on('error', () => {});
    socket.on('close', () =>
      finish(new Error(`closed without an answer; got ${received.toString().slice(0, 200)}`)),
    );
    socket.write(head);
    void (async () => {
      for await (const piece of body) {
        if (done || socket.destroyed) return;
        if (!socket.write(piece)) await new Promise((drained) => socket.once('drain', drained));
      }
    })().catch(() => {});
  });
}

/** `total` bytes of `fill` in pieces of 64 KiB, each framed as an HTTP/1.1 chunk when `chunked`. */
async function* pieces(total: number, chunked: boolean): AsyncGenerator<Uint8Array> {
  const size = 64 * 1024;
  for (let sent = 0; sent < total; sent += size) {
    const piece = Buffer.alloc(Math.min(size, total - sent), 'x');
    yield chunked
      ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
      : piece;
  }
  if (chunked) yield Buffer.from('0\r\n\r\n');
}

function expectProblem(answer: RawAnswer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  const problem = JSON.parse(answer.body) as { status: number; detail: string };
  expect(problem.status).toBe(status);
  expect(problem.detail).toContain(String(MiB));
}

const post = (path: string, headers: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n${headers}\r\n`;

describe.each([
  ['the API', '/api/v1/courses'],
  ['the site', '/login'],
])('%s', (_where, path) => {
  test('a 2 MiB body with its Content-Length gets a problem+json 413', async () => {
    const body = Buffer.from(JSON.stringify({ padding: 'x'.repeat(2 * MiB) }));
    expectProblem(await exchange(post(path, `Content-Length: ${body.length}\r\n`), [body]), 413);
  });

  test('a chunked body without Content-Length gets a problem+json 413 once it passes 1 MiB', async () => {
    expectProblem(await exchange(post(path, 'Transfer-Encoding: chunked\r\n'), pieces(3 * MiB, true)), 413);
  });

  test('a Content-Length over 1 MiB is refused at once, before the body is sent', async () => {
    expectProblem(await exchange(post(path, `Content-Length: ${2 * MiB}\r\n`), [Buffer.from('{"a":')]), 413);
  });
});

test('a small Content-Length in front of more bytes: only the declared bytes are the body', async () => {
  // What follows the 16 declared bytes is not body at all but the next request on the connection.
  const declared = '{"username":"a"}';
  const next = `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
  const [login, health] = await exchangeAll(
    post('/api/v1/auth/login', `Content-Length: ${declared.length}\r\n`),
    [Buffer.from(declared + next)],
    2,
  );
  expect(login?.status).toBe(400);
  expect(login?.headers.get('content-type')).toBe('application/problem+json');
  expect(JSON.parse(login?.body ?? '{}')).toMatchObject({ errors: [{ path: 'password' }] });
  expect(health?.status).toBe(200);
});

test('the platform still serves the API and the site afterwards', async () => {
  expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
});
