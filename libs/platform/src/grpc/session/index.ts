export * from './session-client';
export * from './session-server';
