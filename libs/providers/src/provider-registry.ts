import { anthropicAdapter } from './families/anthropic';
import { azureOpenAiAdapter } from './families/azure-openai';
import { bedrockAdapter } from './families/bedrock';
import { geminiAdapter } from './families/gemini';
import { ollamaAdapter } from './families/ollama';
import { openAiAdapter } from './families/openai';
import { openAiCompatibleAdapter } from './families/openai-compatible';
import type { ProviderAdapter } from './provider-adapter';

/** Provider families by the name deployments use in their `provider` field. */
export class ProviderRegistry {
  private readonly adapters = new Map<string, ProviderAdapter>();

  constructor(adapters: readonly ProviderAdapter[]) {
    for (const a of adapters) this.adapters.set(a.family, a);
  }

  static builtIn(): ProviderRegistry {
    return new ProviderRegistry([
      openAiAdapter,
      azureOpenAiAdapter,
      anthropicAdapter,
      geminiAdapter,
      bedrockAdapter,
      openAiCompatibleAdapter,
      ollamaAdapter,
    ]);
  }

  get(family: string): ProviderAdapter | undefined {
    return this.adapters.get(family);
  }

  families(): string[] {
    return [...this.adapters.keys()];
  }
}
