export * from './admission/admit-request';
export * from './events/request-outcome';
