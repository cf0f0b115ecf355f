import type { z } from 'zod';
import type { LogLevelSchema } from './config.ts';

export type LogLevel = z.infer<typeof LogLevelSchema>;
type Fields = Record<string, unknown>;

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Keys whose values never reach a log line, wherever they appear in the fields. */
const REDACTED_KEYS = /pass(word)?|secret|token|authorization|cookie|card|credential/i;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  /** A logger whose every line also carries `fields` (e.g. the request id). */
  child(fields: Fields): Logger;
}

export type LogSink = (line: string) => void;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const result: Fields = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = REDACTED_KEYS.test(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return result;
}

/**
 * Structured JSON logs, one object per line, on stdout (Workers and Bun both collect it).
 *
 * @example
 * const log = createLogger({ level: 'info', bindings: { service: 'users' } });
 * log.child({ requestId }).info('user created', { userId });
 */
export function createLogger(options: { level: LogLevel; bindings?: Fields; sink?: LogSink }): Logger {
  const threshold = LEVEL_RANK[options.level];
  const sink = options.sink ?? ((line: string) => console.log(line));
  const bindings = options.bindings ?? {};
  const write = (level: LogLevel, message: string, fields?: Fields) => {
    if (LEVEL_RANK[level] < threshold) return;
    const entry = {
      time: new Date().toISOString(),
      level,
      msg: message,
      ...bindings,
      ...(redact(fields) as Fields),
    };
    sink(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger({ level: options.level, bindings: { ...bindings, ...fields }, sink }),
  };
}
