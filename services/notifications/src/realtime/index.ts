export * from './durable-object.ts';
export * from './hub.ts';
export * from './socket.ts';
export * from './tickets.ts';
