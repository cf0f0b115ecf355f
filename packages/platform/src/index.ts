export * from './bindings.ts';
export * from './config.ts';
export * from './deps.ts';
export * from './logger.ts';
export * from './module.ts';
export * from './topology.ts';
