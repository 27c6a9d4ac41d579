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

  usage(): Usage {
    if (this.reported) return this.reported;
    return Usage.fromPartial({
      inputTokens: estimatePromptTokens(this.request),
      outputTokens: estimateTextTokens(this.generated.join('')),
      estimated: true,
    });
  }

  outputText(): string {
    return this.keepText ? this.generated.join('') : '';
  }
}
