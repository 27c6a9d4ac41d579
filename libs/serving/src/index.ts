export * from './pipeline/chat-stream-relay';
export * from './pipeline/routing-headers';
export * from './pipeline/serving-pipeline';
export * from './ports';
export * from './surfaces';
