export * from './app.ts';
export * from './context.ts';
export * from './errors.ts';
export * from './identity.ts';
export * from './openapi.ts';
export * from './pagination.ts';
export * from './service-client.ts';
export * from './transport.ts';
