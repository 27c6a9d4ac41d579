export * from './price';
export * from './price-table';
