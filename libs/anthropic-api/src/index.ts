export * from './errors/anthropic-error-body';
export * from './messages/count-tokens-request';
export * from './messages/message-stream-renderer';
export * from './messages/parse-messages-request';
export * from './messages/render-message';
export * from './messages/render-usage';
export * from './messages/stop-reason';
