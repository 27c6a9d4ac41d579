import type {
  ChatRequest,
  EmbeddingsRequest,
  ImageRequest,
  ListModelsResponse,
  ModerationRequest,
  RequestContext,
  SpeechRequest,
  TranscriptionRequest,
  Usage,
} from '@switchyard/contracts';
import { admitRequest, RequestOutcome } from '@switchyard/requests';
import type { Endpoint } from '@switchyard/requests';
import type { PiiGuard } from '@switchyard/pii';
import { validateChatParameters, validateEmbeddingsParameters } from '@switchyard/openai-api';
import type { ServingDeps } from '../ports';
import type {
  AudioStreamResponder,
  ChatParser,
  ChatResponder,
  Counted,
  Embedded,
  EmbeddingsParser,
  Generated,
  Inbound,
  Moderated,
  OneShotAnswer,
  OneShotParser,
  Transcribed,
} from '../surfaces';
import { relayAudioStream } from './audio-stream-relay';
import { relayChatStream } from './chat-stream-relay';
import { recordUnrecorded, routedResponse } from './routed-failure';
import type { RoutedAnswer } from './routed-failure';
import { showPublicModel, USAGE_ESTIMATED_HEADER } from './routing-headers';

/**
 * The one serving path of every public surface (OpenAI REST, Anthropic
 * /v1/messages, the gRPC Gateway): admission → parsing and validation →
 * PII policy → routing → rendering, with one request event per request
 * whatever happens. Surfaces bring only a parser and a responder; errors are
 * thrown (ApiError, or anything unexpected) for the surface to render in its own shape.
 */
export class ServingPipeline {
  constructor(private readonly deps: ServingDeps) {}

  /** Who is calling; throws the refusal (bad key, disallowed feature). Refused callers leave no request event. */
  admit(inbound: Inbound<unknown>): RequestContext {
    return admitRequest(this.deps.config, { ...inbound.admission, endUser: '' }).context;
  }

  async chat<Body, Frame>(inbound: Inbound<Body>, parser: ChatParser<Body>, responder: ChatResponder<Frame>): Promise<void> {
    const context = this.admit(inbound);
    let request: ChatRequest;
    try {
      request = await parser.parse(inbound.body, context);
      validateChatParameters(request);
    } catch (error) {
      this.refuse(new RequestOutcome(context, parser.endpoint, parser.requestedModel(inbound.body), false), inbound, error);
    }
    // PII policy at the earliest point: what is recorded, and (provider mode) what leaves for the provider.
    const pii = this.deps.pii(context.tenantId);
    pii.identifyEndUser(context, request.endUser);
    request = pii.chatRequest(request);
    const outcome = new RequestOutcome(context, parser.endpoint, request.model, request.stream);
    const forRecord = (text: string): string => pii.forRecord(text);
    await this.served(outcome, inbound, async () => {
      if (request.stream) {
        const { renderer, transport } = responder.stream(request, context, forRecord);
        await relayChatStream(this.deps, request, outcome, pii, renderer, transport);
        return;
      }
      const { response: answer, headers } = routedResponse(outcome, await this.deps.router.chat({ context, request }));
      outcome.usage = answer.usage ?? outcome.usage;
      outcome.markFirstToken();
      const response = showPublicModel(pii.chatResponse(answer), outcome.trace);
      outcome.responseBytes = await responder.complete({ request, context, response, trace: outcome.trace, headers, forRecord });
    });
  }

  async embed<Body, Parsed extends { readonly request: EmbeddingsRequest }>(
    inbound: Inbound<Body>,
    parser: EmbeddingsParser<Body, Parsed>,
    respond: (embedded: Embedded<Parsed>) => number,
  ): Promise<void> {
    const context = this.admit(inbound);
    let parsed: Parsed;
    try {
      parsed = parser.parse(inbound.body);
      validateEmbeddingsParameters(parsed.request);
    } catch (error) {
      this.refuse(new RequestOutcome(context, 'embeddings', parser.requestedModel(inbound.body), false), inbound, error);
    }
    const pii = this.deps.pii(context.tenantId);
    pii.identifyEndUser(context, parsed.request.endUser);
    const request = pii.embeddingsRequest(parsed.request);
    const outcome = new RequestOutcome(context, 'embeddings', request.model, false);
    await this.served(outcome, inbound, async () => {
      const { response: answer, headers } = routedResponse(outcome, await this.deps.router.embed({ context, request }));
      outcome.usage = answer.usage ?? outcome.usage;
      const response = showPublicModel(answer, outcome.trace);
      outcome.responseBytes = respond({ parsed, response, trace: outcome.trace, headers });
    });
  }

  /** A moderation request: routed to a moderation deployment like embeddings, under the same keys, budgets and allow-lists. */
  moderate<Body>(inbound: Inbound<Body>, parser: OneShotParser<Body, ModerationRequest>, respond: (moderated: Moderated) => number) {
    return this.oneShot(
      inbound,
      parser,
      'moderations',
      (pii, r) => pii.moderationRequest(r),
      (routed) => this.deps.router.moderate(routed),
      respond,
    );
  }

  /** Input tokens of a chat body, routed like the chat request it would be; nothing is generated. */
  async countTokens<Body>(
    inbound: Inbound<Body>,
    parser: OneShotParser<Body, ChatRequest>,
    respond: (counted: Counted) => number,
  ): Promise<void> {
    const context = this.admit(inbound);
    let parsed: ChatRequest;
    try {
      parsed = parser.parse(inbound.body);
      validateChatParameters(parsed);
    } catch (error) {
      this.refuse(new RequestOutcome(context, 'messages.count_tokens', parser.requestedModel(inbound.body), false), inbound, error);
    }
    // Provider mode: the prompt is redacted before it leaves, as for the chat request itself.
    const request = this.deps.pii(context.tenantId).chatRequest(parsed);
    const outcome = new RequestOutcome(context, 'messages.count_tokens', request.model, false);
    await this.served(outcome, inbound, async () => {
      const { response: count, headers } = routedResponse(outcome, await this.deps.router.countTokens({ context, request }));
      if (count.estimated) headers[USAGE_ESTIMATED_HEADER] = 'true';
      outcome.responseBytes = respond({ request, count, trace: outcome.trace, headers });
    });
  }

  /**
   * Speech to text (transcriptions and translations), routed to a deployment
   * that transcribes; with `stream`, the text is relayed as it is recognized.
   */
  transcribe<Body, Frame>(
    inbound: Inbound<Body>,
    parser: OneShotParser<Body, TranscriptionRequest>,
    endpoint: Extract<Endpoint, 'audio.transcriptions' | 'audio.translations'>,
    respond: (transcribed: Transcribed) => number,
    streamed: AudioStreamResponder<TranscriptionRequest, Frame>,
  ) {
    return this.oneShot(
      inbound,
      parser,
      endpoint,
      (pii, r) => pii.transcriptionRequest(r),
      (routed) => this.deps.router.transcribe(routed),
      respond,
      (request, outcome) => {
        const { renderer, transport } = streamed.stream(request, outcome.context);
        return relayAudioStream(this.deps, { $case: 'transcription', transcription: request }, outcome, renderer, transport);
      },
    );
  }

  /** Text to speech: the audio is relayed as the provider sends it, never buffered. */
  async speak<Body, Frame>(
    inbound: Inbound<Body>,
    parser: OneShotParser<Body, SpeechRequest>,
    responder: AudioStreamResponder<SpeechRequest, Frame>,
  ): Promise<void> {
    const { context, request } = this.parsedOneShot(inbound, parser, 'audio.speech', (pii, r) => pii.speechRequest(r));
    const outcome = new RequestOutcome(context, 'audio.speech', request.model, true);
    await this.served(outcome, inbound, async () => {
      const { renderer, transport } = responder.stream(request, context);
      await relayAudioStream(this.deps, { $case: 'speech', speech: request }, outcome, renderer, transport);
    });
  }

  /** An image generation: routed to an image deployment, where a size, quality or count its model lacks is refused unsent. */
  generateImage<Body>(inbound: Inbound<Body>, parser: OneShotParser<Body, ImageRequest>, respond: (generated: Generated) => number) {
    return this.oneShot(
      inbound,
      parser,
      'images.generations',
      (pii, r) => pii.imageRequest(r),
      (routed) => this.deps.router.generateImage(routed),
      respond,
    );
  }

  /** The models the caller's key may use (no request event, as before: listing is not a served request). */
  async listModels(inbound: Inbound<unknown>): Promise<ListModelsResponse> {
    return this.deps.router.listModels(this.admit(inbound));
  }

  /**
   * A one-shot call: parse (a refused body is recorded), the PII policy on
   * the way out, one routed call, the public model on the answer. A request
   * that asks to stream (`stream` set) is relayed by `streamed` instead.
   */
  private async oneShot<
    Body,
    Request extends { model: string; endUser: string; stream?: boolean },
    Response extends { model: string; usage?: Usage | undefined },
  >(
    inbound: Inbound<Body>,
    parser: OneShotParser<Body, Request>,
    endpoint: Endpoint,
    protect: (pii: PiiGuard, request: Request) => Request,
    route: (routed: { context: RequestContext; request: Request }) => Promise<RoutedAnswer<Response>>,
    respond: (answer: OneShotAnswer<Request, Response>) => number,
    streamed?: (request: Request, outcome: RequestOutcome) => Promise<void>,
  ): Promise<void> {
    const { context, request } = this.parsedOneShot(inbound, parser, endpoint, protect);
    const stream = streamed !== undefined && request.stream === true;
    const outcome = new RequestOutcome(context, endpoint, request.model, stream);
    await this.served(outcome, inbound, async () => {
      if (stream) return streamed(request, outcome);
      const { response: answer, headers } = routedResponse(outcome, await route({ context, request }));
      outcome.usage = answer.usage ?? outcome.usage;
      const response = showPublicModel(answer, outcome.trace);
      outcome.responseBytes = respond({ request, context, response, trace: outcome.trace, headers });
    });
  }

  /** Admission, parsing (a refused body is recorded and its error thrown), the end user, the PII policy on the way out. */
  private parsedOneShot<Body, Request extends { endUser: string }>(
    inbound: Inbound<Body>,
    parser: OneShotParser<Body, Request>,
    endpoint: Endpoint,
    protect: (pii: PiiGuard, request: Request) => Request,
  ): { context: RequestContext; request: Request } {
    const context = this.admit(inbound);
    let parsed: Request;
    try {
      parsed = parser.parse(inbound.body);
    } catch (error) {
      this.refuse(new RequestOutcome(context, endpoint, parser.requestedModel(inbound.body), false), inbound, error);
    }
    const pii = this.deps.pii(context.tenantId);
    pii.identifyEndUser(context, parsed.endUser);
    return { context, request: protect(pii, parsed) };
  }

  /** Records a request refused before routing (invalid body) and rethrows its error. */
  private refuse(outcome: RequestOutcome, inbound: Inbound<unknown>, error: unknown): never {
    outcome.requestBytes = inbound.bodyBytes;
    recordUnrecorded(outcome, error);
    this.deps.events.publish(outcome);
    inbound.recorded?.(outcome);
    throw error;
  }

  /** Runs `serve` for an admitted request; whatever happens, its outcome is recorded and published once. */
  private async served(outcome: RequestOutcome, inbound: Inbound<unknown>, serve: () => Promise<void>): Promise<void> {
    outcome.requestBytes = inbound.bodyBytes;
    try {
      await serve();
    } catch (error) {
      // Rethrown as is: the surface logs what is not an ApiError and answers it as a 500.
      recordUnrecorded(outcome, error);
      throw error;
    } finally {
      this.deps.events.publish(outcome);
      inbound.recorded?.(outcome);
    }
  }
}
