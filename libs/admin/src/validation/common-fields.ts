import { str } from './schema';

/** Ids callers choose: letters, digits and ._- , starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const idField = (description: string) =>
  str({
    description,
    min: 1,
    max: 64,
    pattern: ID_PATTERN,
    patternHint: 'use 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit.',
  });

/** Region ids such as "eu-west" or "us-east-1". */
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z0-9]+){0,3}$/;
export const regionField = str({
  description: 'A region id such as "eu-west"',
  min: 2,
  max: 32,
  pattern: REGION_PATTERN,
  patternHint: 'use a region id such as "eu-west".',
});

export const nameField = (description = 'Display name') => str({ description, min: 1, max: 200 });

/** A model class such as "chat-small": deployments that may stand in for each other under a policy. */
export const MODEL_CLASS_PATTERN = /^[a-z0-9._-]{1,64}$/;
export const modelClassField = (description: string) =>
  str({
    description,
    min: 1,
    max: 64,
    pattern: MODEL_CLASS_PATTERN,
    patternHint: 'use 1-64 lowercase letters, digits, dots, dashes or underscores, such as "chat-small".',
  });
