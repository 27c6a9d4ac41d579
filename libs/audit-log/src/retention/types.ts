export type { ConfigState } from '@switchyard/control-plane';
export type { ManagedComponent as ManagedComponentLike } from '@switchyard/platform';
