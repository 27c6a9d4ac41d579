export * from './http/admin-api';
export * from './http/admin-route';
export * from './openapi/build-openapi';
export * from './routes';
export * from './validation/schema';
