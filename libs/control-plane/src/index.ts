export * from './api-keys/api-key-secret';
export * from './api-keys/authenticate-api-key';
export * from './credentials/credential-cipher';
export * from './state/config-state';
