export * from './detectors';
export * from './policy/pii-guard';
export * from './redact/redactor';
export * from './redact/stream-restorer';
export * from './pseudonym/end-user-pseudonyms';
