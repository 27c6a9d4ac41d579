export * from './gen';
export * from './required-fields';
