export * from './bun-endpoint.ts';
export * from './durable-object.ts';
export * from './hub.ts';
export * from './tickets.ts';
