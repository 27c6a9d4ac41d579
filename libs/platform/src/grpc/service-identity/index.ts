export * from './service-identity';
export * from './service-token';
export * from './token-guard';
export * from './token-issuer';
