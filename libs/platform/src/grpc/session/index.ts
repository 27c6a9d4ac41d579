export * from './session-client';
export * from './session-server';
export * from './session-relay';
