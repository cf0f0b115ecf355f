import { expect, test } from 'bun:test';
import { createLogger } from '../src/logger.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, sink: (line: string) => lines.push(JSON.parse(line)) };
}

test('writes one JSON object per line with bindings and fields', () => {
  const { lines, sink } = capture();
  createLogger({ level: 'info', sink, bindings: { service: 'users' } })
    .child({ requestId: 'r1' })
    .info('created', { userId: 'u1' });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 'info',
    msg: 'created',
    service: 'users',
    requestId: 'r1',
    userId: 'u1',
  });
});

test('drops lines below the level', () => {
  const { lines, sink } = capture();
  const log = createLogger({ level: 'warn', sink });
  log.info('quiet');
  log.warn('loud');
  expect(lines.map((line) => line.msg)).toEqual(['loud']);
});

test('never writes passwords, tokens or secrets, however deep', () => {
  const { lines, sink } = capture();
  createLogger({ level: 'debug', sink }).info('login', {
    body: { username: 'a@b.c', password: 'hunter22' },
    headers: { authorization: 'Bearer abc.def.ghi' },
    refresh_token: 'r-123',
    stripeSecret: 'sk_live_x',
  });
  const text = JSON.stringify(lines);
  for (const secret of ['hunter22', 'abc.def.ghi', 'r-123', 'sk_live_x']) expect(text).not.toContain(secret);
  expect(text).toContain('a@b.c');
});
