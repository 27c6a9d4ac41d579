import {
  ApiKey,
  ChatResponse,
  ChatStreamEvent,
  EmbeddingsResponse,
  ImageResponse,
  RoutingTrace,
  Tenant,
  TenantStatus,
  TranscriptionResponse,
  Usage,
} from '@switchyard/contracts';
import type {
  RoutedAudioStreamEvent,
  RoutedAudioStreamRequest,
  ListModelsResponse,
  RequestContext,
  RoutedChatRequest,
  RoutedChatResponse,
  RoutedChatStreamEvent,
  RoutedEmbeddingsRequest,
  RoutedEmbeddingsResponse,
  RoutedImageRequest,
  RoutedImageResponse,
  RoutedModerationRequest,
  RoutedModerationResponse,
  RoutedTokenCountResponse,
  RoutedTranscriptionRequest,
  RoutedTranscriptionResponse,
} from '@switchyard/contracts';
import { ConfigState, issueApiKey } from '@switchyard/control-plane';
import type { RequestOutcome } from '@switchyard/requests';
import { PiiGuard } from '@switchyard/pii';
import type { RouterPort, ServingDeps } from '../src/ports';

export const TRACE = RoutingTrace.fromPartial({ deploymentId: 'dep-a', attempts: 1, policy: 'p' });

/** The router as a test double: scripted answers, every call recorded. */
export class FakeRouter implements RouterPort {
  readonly chats: RoutedChatRequest[] = [];
  readonly embeds: RoutedEmbeddingsRequest[] = [];
  readonly moderations: RoutedModerationRequest[] = [];
  readonly counts: RoutedChatRequest[] = [];
  readonly images: RoutedImageRequest[] = [];
  imageAnswer: RoutedImageResponse = {
    outcome: {
      $case: 'response',
      response: ImageResponse.fromPartial({ created: 1, model: 'img', data: [{ image: { $case: 'b64Json', b64Json: 'AA==' } }] }),
    },
    trace: TRACE,
  };
  moderationAnswer: RoutedModerationResponse = {
    outcome: {
      $case: 'response',
      response: { id: 'modr-1', model: 'mod', results: [{ flagged: true, categories: [] }], usage: undefined },
    },
    trace: TRACE,
  };
  countAnswer: RoutedTokenCountResponse = { outcome: { $case: 'response', response: { inputTokens: 12, estimated: true } }, trace: TRACE };
  chatAnswer: RoutedChatResponse = {
    outcome: {
      $case: 'response',
      response: ChatResponse.fromPartial({ choices: [{ content: 'hi' }], usage: Usage.fromPartial({ inputTokens: 3 }) }),
    },
    trace: TRACE,
  };
  /** Stream events; a function is awaited between events (e.g. to let a test abort). */
  streamScript: (RoutedChatStreamEvent | (() => Promise<void>))[] = [];
  embedAnswer: RoutedEmbeddingsResponse = {
    outcome: { $case: 'response', response: EmbeddingsResponse.fromPartial({ model: 'e', data: [{ index: 0, values: [0.5] }] }) },
    trace: TRACE,
  };

  async chat(request: RoutedChatRequest): Promise<RoutedChatResponse> {
    this.chats.push(request);
    return this.chatAnswer;
  }

  async *chatStream(request: RoutedChatRequest, signal: AbortSignal): AsyncGenerator<RoutedChatStreamEvent> {
    this.chats.push(request);
    for (const step of this.streamScript) {
      if (typeof step === 'function') await step();
      else yield step;
      signal.throwIfAborted();
    }
  }

  readonly audioStreams: RoutedAudioStreamRequest[] = [];
  /** Audio stream events, as streamScript for chat. */
  audioScript: RoutedAudioStreamEvent[] = [];

  async *audioStream(request: RoutedAudioStreamRequest, signal: AbortSignal): AsyncGenerator<RoutedAudioStreamEvent> {
    this.audioStreams.push(request);
    for (const step of this.audioScript) {
      yield step;
      signal.throwIfAborted();
    }
  }

  async embed(request: RoutedEmbeddingsRequest): Promise<RoutedEmbeddingsResponse> {
    this.embeds.push(request);
    return this.embedAnswer;
  }

  async moderate(request: RoutedModerationRequest): Promise<RoutedModerationResponse> {
    this.moderations.push(request);
    return this.moderationAnswer;
  }

  async countTokens(request: RoutedChatRequest): Promise<RoutedTokenCountResponse> {
    this.counts.push(request);
    return this.countAnswer;
  }

  async transcribe(_request: RoutedTranscriptionRequest): Promise<RoutedTranscriptionResponse> {
    return { outcome: { $case: 'response', response: TranscriptionResponse.fromPartial({ text: 'fake', model: 'm' }) }, trace: TRACE };
  }

  async generateImage(request: RoutedImageRequest): Promise<RoutedImageResponse> {
    this.images.push(request);
    return this.imageAnswer;
  }

  async listModels(_context: RequestContext): Promise<ListModelsResponse> {
    return { models: [{ id: 'm', kind: 'model', ownedBy: 'x', createdUnix: 0, endpoints: ['/v1/chat/completions'] }] };
  }
}

export const started = (): RoutedChatStreamEvent => ({ event: { $case: 'started', started: { trace: TRACE } } });
export const chunk = (event: ChatStreamEvent['event']): RoutedChatStreamEvent => ({
  event: { $case: 'chunk', chunk: ChatStreamEvent.fromPartial({ event }) },
});
export const delta = (content: string, roleStart = false): RoutedChatStreamEvent =>
  chunk({ $case: 'delta', delta: { choiceIndex: 0, roleStart, content, toolCalls: [], refusal: '' } });

/** Serving deps around a FakeRouter, with one active tenant and its key. */
export function fakeServing(): { deps: ServingDeps; router: FakeRouter; events: RequestOutcome[]; errors: unknown[]; key: string } {
  const state = new ConfigState();
  const issued = issueApiKey('test');
  state.apply({
    entity: { $case: 'tenant', tenant: Tenant.fromPartial({ id: 't1', status: TenantStatus.TENANT_STATUS_ACTIVE }) },
    deleted: false,
  });
  state.apply({
    entity: {
      $case: 'apiKey',
      apiKey: ApiKey.fromPartial({ id: issued.id, tenantId: 't1', prefix: issued.prefix, secretHash: issued.secretHash }),
    },
    deleted: false,
  });
  const router = new FakeRouter();
  const events: RequestOutcome[] = [];
  const errors: unknown[] = [];
  const deps: ServingDeps = {
    config: state,
    router,
    events: { publish: (outcome) => void events.push(outcome) },
    log: { error: (fields) => void errors.push(fields['err']) },
    pii: () => PiiGuard.for(undefined),
  };
  return { deps, router, events, errors, key: `Bearer ${issued.plaintext}` };
}
