export * from './demo.ts';
export * from './event-data.ts';
export * from './events.ts';
export * from './ids.ts';
export * from './partners.ts';
export * from './problem.ts';
export * from './roles.ts';
export * from './services.ts';
