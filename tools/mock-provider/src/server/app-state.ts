import type { BehaviourPatch } from '../behaviour/config';
import { HoldRegistry } from '../behaviour/holds';
import { RequestJournal } from '../behaviour/journal';
import { BehaviourScopes } from '../behaviour/scopes';
import { UsageBook } from '../behaviour/usage-book';

export interface AwsOptions {
  /** When set, Bedrock requests must carry a SigV4 signature made with this secret. */
  secretAccessKey?: string;
}

export interface AppOptions {
  behaviour: BehaviourPatch;
  deployments: Record<string, BehaviourPatch>;
  models: string[];
  aws: AwsOptions;
  journalCapacity: number;
}

export const DEFAULT_MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'claude-sonnet-4-6',
  'gemini-2.5-flash',
  'anthropic.claude-3-5-sonnet-20240620-v1:0',
  'llama3.2:latest',
];

export interface AppState {
  options: AppOptions;
  scopes: BehaviourScopes;
  journal: RequestJournal;
  holds: HoldRegistry;
  /** What the mock billed, per API key and day: its usage APIs report it. */
  usage: UsageBook;
  startedAt: number;
}

export function createAppState(options: AppOptions): AppState {
  return {
    options,
    scopes: new BehaviourScopes(options.behaviour, options.deployments),
    journal: new RequestJournal(options.journalCapacity),
    holds: new HoldRegistry(),
    usage: new UsageBook(),
    startedAt: Date.now(),
  };
}
