import type { ConfigSeeder } from '@switchyard/dev-tools';
import { FAMILY_SETUPS } from './families';
import type { Family, Outcome } from './matrix';

/** The endpoints beyond chat and embeddings that need a deployment of their own capability. */
export type EndpointCapability = 'moderation' | 'transcription' | 'transcriptionStream' | 'speech' | 'imageGeneration';

const ENDPOINT_CAPABILITIES: readonly EndpointCapability[] = [
  'moderation',
  'transcription',
  'transcriptionStream',
  'speech',
  'imageGeneration',
];

interface EndpointSetup {
  /** Upstream model per endpoint the family serves; an endpoint left out is one the family has no API for. */
  readonly models: Partial<Record<EndpointCapability, string>>;
  /** Options for the endpoint deployments, when they differ from the chat deployment's. */
  readonly options?: Record<string, string>;
  /** The family has its own token counter (FamilyCapabilities.countTokens): counts are exact, not estimated. */
  readonly exactCount: boolean;
}

/**
 * What each family's capability sheet (libs/providers/src/families/<family>/index.ts)
 * claims, with the upstream models the suite calls it with.
 */
export const ENDPOINT_SETUPS: Record<Family, EndpointSetup> = {
  openai: {
    models: {
      moderation: 'omni-moderation-latest',
      transcription: 'whisper-1',
      transcriptionStream: 'gpt-4o-mini-transcribe',
      speech: 'tts-1',
      imageGeneration: 'dall-e-3',
    },
    exactCount: false,
  },
  'azure-openai': {
    models: {
      moderation: 'omni-moderation-latest',
      transcription: 'whisper',
      transcriptionStream: 'gpt-4o-mini-transcribe',
      speech: 'tts-1',
      imageGeneration: 'dall-e-3',
    },
    options: { api_version: '2025-03-01-preview' },
    exactCount: false,
  },
  anthropic: { models: {}, exactCount: true },
  gemini: { models: { imageGeneration: 'imagen-4.0-generate-001' }, exactCount: true },
  bedrock: { models: {}, exactCount: true },
  // Groq-style whisper (no streamed transcription of its own: whisper answers in one piece) and a Kokoro-style speech server.
  'openai-compatible': {
    models: { transcription: 'whisper-large-v3', transcriptionStream: 'whisper-large-v3', speech: 'kokoro' },
    exactCount: false,
  },
  ollama: { models: {}, exactCount: false },
};

/** The outcome the capability sheet promises for an endpoint on a family. */
export function claimed(family: Family, capability: EndpointCapability): Outcome {
  return ENDPOINT_SETUPS[family].models[capability] ? 'pass' : 'unsupported';
}

/** Public model name of a family's deployment for one endpoint. */
export function endpointModel(family: Family, capability: EndpointCapability): string {
  return `conf-${family}-${capability}`;
}

const SERVES_NOTHING = { chat: false, streaming: false, vision: false, tools: false, jsonMode: false, embeddings: false };

/**
 * One deployment per endpoint on every family, flagged with that endpoint's
 * capability so the router sends it there even where the family has no such
 * API: the suite then sees the family's own refusal, not a routing miss.
 */
export async function seedEndpoints(seeder: ConfigSeeder, family: Family, mockUrl: string): Promise<void> {
  const chat = FAMILY_SETUPS[family];
  const setup = ENDPOINT_SETUPS[family];
  for (const capability of ENDPOINT_CAPABILITIES) {
    const id = endpointModel(family, capability);
    await seeder.deployment({
      id,
      model: id,
      provider: family,
      upstreamModel: setup.models[capability] ?? chat.upstreamModel,
      baseUrl: chat.baseUrl(mockUrl, id),
      credentialId: chat.secret ? `cred-conf-${family}` : undefined,
      options: { ...chat.options, ...setup.options },
      capabilities: {
        ...SERVES_NOTHING,
        moderation: capability === 'moderation',
        transcription: capability === 'transcription' || capability === 'transcriptionStream',
        speech: capability === 'speech',
        imageGeneration: capability === 'imageGeneration',
      },
    });
  }
}

/** The capability behind each endpoint column of the matrix; columns left out (responses, count_tokens) are every chat family's. */
export const ENDPOINT_COLUMN_CAPABILITY: Partial<Record<string, EndpointCapability>> = {
  moderations: 'moderation',
  transcriptions: 'transcription',
  transcription_stream: 'transcriptionStream',
  speech: 'speech',
  images: 'imageGeneration',
};
