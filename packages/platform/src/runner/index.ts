export * from './bun-sockets.ts';
export * from './events.ts';
export * from './jobs.ts';
