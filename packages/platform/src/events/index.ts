export * from './consumer.ts';
export * from './outbox.ts';
export * from './tables.ts';
