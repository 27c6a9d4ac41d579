import { anthropicFamily } from './families/anthropic';
import { azureOpenAiFamily } from './families/azure-openai';
import { bedrockFamily } from './families/bedrock';
import { geminiFamily } from './families/gemini';
import { ollamaFamily } from './families/ollama';
import { openAiFamily } from './families/openai';
import { openAiCompatibleFamily } from './families/openai-compatible';
import type { FamilyCodec } from './provider-adapter';

/** Provider families by the name deployments use in their `provider` field. */
export class FamilyRegistry {
  private readonly adapters = new Map<string, FamilyCodec>();

  constructor(adapters: readonly FamilyCodec[]) {
    for (const a of adapters) this.adapters.set(a.family, a);
  }

  static builtIn(): FamilyRegistry {
    return new FamilyRegistry([
      openAiFamily,
      azureOpenAiFamily,
      anthropicFamily,
      geminiFamily,
      bedrockFamily,
      openAiCompatibleFamily,
      ollamaFamily,
    ]);
  }

  get(family: string): FamilyCodec | undefined {
    return this.adapters.get(family);
  }

  families(): string[] {
    return [...this.adapters.keys()];
  }
}
