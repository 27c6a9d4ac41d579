import { ChatRequest, ChatStreamEvent, Usage } from '@switchyard/contracts';
import { estimatePromptTokens, estimateTextTokens } from '../usage-estimate/estimate-usage';

/**
 * Watches a stream go by: time to first token, the provider's usage when it
 * sends one, and the generated text so usage can be estimated when it doesn't.
 */
export class StreamTally {
  ttftMs: number | undefined;
  private reported: Usage | undefined;
  private readonly generated: string[] = [];

  constructor(
    private readonly request: ChatRequest,
    private readonly keepText: boolean,
  ) {}

  observe(event: ChatStreamEvent, atMs: number): void {
    const e = event.event;
    if (!e) return;
    if (e.$case === 'delta') {
      const text = e.delta.content + e.delta.refusal + e.delta.toolCalls.map((c) => c.name + c.argumentsFragment).join('');
      if (text.length > 0) {
        this.ttftMs ??= atMs;
        this.generated.push(text);
      }
    } else if (e.$case === 'usage') {
      this.reported = e.usage;
    }
  }

  get sawUsage(): boolean {
    return this.reported !== undefined;
  }

  /**
   * The provider's own usage for a stream that finished; otherwise an estimate
   * (marked so) that keeps whatever the provider did report before the cut,
   * such as exact input tokens from the stream's first event.
   */
  usage(interrupted = false, soFar?: Usage): Usage {
    if (this.reported && !interrupted) return this.reported;
    const known = this.reported ?? soFar;
    return Usage.fromPartial({
      inputTokens: known && known.inputTokens > 0 ? known.inputTokens : estimatePromptTokens(this.request),
      outputTokens: Math.max(known?.outputTokens ?? 0, estimateTextTokens(this.generated.join(''))),
      cachedInputTokens: known?.cachedInputTokens ?? 0,
      cacheWriteTokens: known?.cacheWriteTokens ?? 0,
      reasoningTokens: known?.reasoningTokens ?? 0,
      audioInputTokens: known?.audioInputTokens ?? 0,
      audioOutputTokens: known?.audioOutputTokens ?? 0,
      estimated: true,
    });
  }

  outputText(): string {
    return this.keepText ? this.generated.join('') : '';
  }
}
