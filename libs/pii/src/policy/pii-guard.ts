import {
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
  EmbeddingsRequest,
  ModerationRequest,
  PiiMode,
  TranscriptionRequest,
} from '@switchyard/contracts';
import type { ChatDelta, ChatMessage, ImageRequest, PiiPolicy, RequestContext, SpeechRequest } from '@switchyard/contracts';
import { detectorsNamed } from '../detectors';
import type { Detector } from '../detectors';
import type { EndUserPseudonym } from '../pseudonym/end-user-pseudonyms';
import { PiiRedactor } from '../redact/redactor';
import { StreamRestorer } from '../redact/stream-restorer';

/**
 * One request's view of its tenant's PII policy, applied at ingress:
 * - RECORDS: what is recorded (events -> Kafka -> ClickHouse, logs) is redacted;
 * - PROVIDER: also the prompt itself, before it leaves for the provider, with
 *   per-request placeholders; with restore_responses the caller's answer gets
 *   the original values back (tokenization). Nothing recorded is ever restored.
 * Under either mode the end-user id is replaced by the tenant's stable keyed
 * pseudonym, not a placeholder: users stay distinct and keep their A/B arm.
 */
export class PiiGuard {
  private readonly detectors: readonly Detector[];
  private readonly outbound: PiiRedactor;
  private readonly restorers = new Map<string, StreamRestorer>();

  /** The guard of tenants without a policy: stateless, shared. */
  static readonly OFF = new PiiGuard(undefined);

  /**
   * A fresh guard for one request under `policy`, with the tenant's end-user
   * pseudonyms (the shared OFF guard when there is nothing to do).
   */
  static for(policy: PiiPolicy | undefined, pseudonym?: EndUserPseudonym): PiiGuard {
    const active = policy && (policy.mode === PiiMode.PII_MODE_RECORDS || policy.mode === PiiMode.PII_MODE_PROVIDER);
    return active || pseudonym ? new PiiGuard(active ? policy : undefined, pseudonym) : PiiGuard.OFF;
  }

  constructor(
    private readonly policy: PiiPolicy | undefined,
    private readonly pseudonym?: EndUserPseudonym,
  ) {
    this.detectors = detectorsNamed(policy?.detectors ?? []);
    this.outbound = new PiiRedactor(this.detectors);
  }

  get mode(): PiiMode {
    return this.policy?.mode ?? PiiMode.PII_MODE_UNSPECIFIED;
  }

  get active(): boolean {
    return this.mode === PiiMode.PII_MODE_RECORDS || this.mode === PiiMode.PII_MODE_PROVIDER;
  }

  private get toProvider(): boolean {
    return this.mode === PiiMode.PII_MODE_PROVIDER;
  }

  private get restoring(): boolean {
    return this.toProvider && this.policy?.restoreResponses === true && this.outbound.replaced > 0;
  }

  /**
   * Sets who the request is for: `endUser` is recorded (and sent on) as the
   * pseudonym under a policy, as sent otherwise; `endUserPseudonym`, what A/B
   * arms are assigned on, is the pseudonym in every mode.
   */
  identifyEndUser(context: RequestContext, endUser: string): void {
    const pseudonym = this.pseudonymOf(endUser);
    context.endUser = this.active ? pseudonym : endUser;
    context.endUserPseudonym = pseudonym;
  }

  // Without a pseudonym function (a guard made for recording only) there is no pseudonym: the id is dropped, never shared.
  private pseudonymOf(endUser: string): string {
    return this.pseudonym ? this.pseudonym(endUser) : '';
  }

  /** Text about to be recorded (error messages, shadow outputs). */
  forRecord(text: string): string {
    return this.active && text ? new PiiRedactor(this.detectors).redact(text) : text;
  }

  /** The chat request the provider may see. */
  chatRequest(request: ChatRequest): ChatRequest {
    if (!this.toProvider) return request;
    const r = (text: string): string => this.outbound.redact(text);
    return ChatRequest.fromPartial({
      ...request,
      messages: request.messages.map((m): ChatMessage => ({
        ...m,
        content: m.content.map((part) => (part.part?.$case === 'text' ? { part: { $case: 'text', text: r(part.part.text) } } : part)),
        toolCalls: m.toolCalls.map((call) => ({ ...call, argumentsJson: r(call.argumentsJson) })),
      })),
      endUser: this.pseudonymOf(request.endUser),
      metadata: Object.fromEntries(Object.entries(request.metadata).map(([k, v]) => [k, r(v)])),
    });
  }

  embeddingsRequest(request: EmbeddingsRequest): EmbeddingsRequest {
    if (!this.toProvider) return request;
    return { ...request, inputs: request.inputs.map((text) => this.outbound.redact(text)), endUser: this.pseudonymOf(request.endUser) };
  }

  /** Text parts are redacted like embeddings inputs; images pass as they are. */
  moderationRequest(request: ModerationRequest): ModerationRequest {
    if (!this.toProvider) return request;
    const inputs = request.inputs.map((input) => ({
      parts: input.parts.map((p) =>
        p.part?.$case === 'text' ? { part: { $case: 'text' as const, text: this.outbound.redact(p.part.text) } } : p,
      ),
    }));
    return { ...request, inputs, endUser: this.pseudonymOf(request.endUser) };
  }

  /** Audio travels as is; provider mode redacts the text prompt and pseudonymizes the end user, as for chat. */
  transcriptionRequest(request: TranscriptionRequest): TranscriptionRequest {
    if (!this.toProvider) return request;
    return { ...request, prompt: this.outbound.redact(request.prompt), endUser: this.pseudonymOf(request.endUser) };
  }

  /** Provider mode: the text to speak is redacted (the provider voices the placeholders), as any prompt. */
  speechRequest(request: SpeechRequest): SpeechRequest {
    if (!this.toProvider) return request;
    return { ...request, input: this.outbound.redact(request.input), endUser: this.pseudonymOf(request.endUser) };
  }

  /** The prompt is redacted like an embeddings input. */
  imageRequest(request: ImageRequest): ImageRequest {
    if (!this.toProvider) return request;
    return { ...request, prompt: this.outbound.redact(request.prompt), endUser: this.pseudonymOf(request.endUser) };
  }

  /** The answer the caller receives. */
  chatResponse(response: ChatResponse): ChatResponse {
    if (!this.restoring) return response;
    const r = (text: string): string => this.outbound.restore(text);
    return {
      ...response,
      choices: response.choices.map((c) => ({
        ...c,
        content: r(c.content),
        toolCalls: c.toolCalls.map((t) => ({ ...t, argumentsJson: r(t.argumentsJson) })),
      })),
    };
  }

  /** One streamed event in, zero or more out (held-back text is released before a choice finishes). */
  streamEvent(event: ChatStreamEvent): ChatStreamEvent[] {
    if (!this.restoring) return [event];
    const inner = event.event;
    if (inner?.$case === 'delta') {
      const delta = inner.delta;
      const restored: ChatDelta = {
        ...delta,
        content: delta.content ? this.restorer(`c${delta.choiceIndex}`).push(delta.content) : delta.content,
        toolCalls: delta.toolCalls.map((t) => ({
          ...t,
          argumentsFragment: t.argumentsFragment ? this.restorer(`t${delta.choiceIndex}/${t.index}`).push(t.argumentsFragment) : '',
        })),
      };
      return [{ ...event, event: { $case: 'delta', delta: restored } }];
    }
    return [...this.flush(event), event];
  }

  private flush(template: ChatStreamEvent): ChatStreamEvent[] {
    const out: ChatStreamEvent[] = [];
    for (const [key, restorer] of this.restorers) {
      const rest = restorer.flush();
      if (!rest) continue;
      const [choice, tool] = key.slice(1).split('/').map(Number);
      const delta: ChatDelta = { choiceIndex: choice ?? 0, roleStart: false, content: '', toolCalls: [], refusal: '' };
      if (key.startsWith('c')) delta.content = rest;
      else delta.toolCalls = [{ index: tool ?? 0, id: '', name: '', argumentsFragment: rest }];
      out.push(ChatStreamEvent.fromPartial({ upstreamId: template.upstreamId, model: template.model, event: { $case: 'delta', delta } }));
    }
    return out;
  }

  private restorer(key: string): StreamRestorer {
    let restorer = this.restorers.get(key);
    if (!restorer) this.restorers.set(key, (restorer = new StreamRestorer(this.outbound)));
    return restorer;
  }
}
