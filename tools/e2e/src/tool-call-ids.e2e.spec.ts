import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { WEATHER_SCHEMA } from './conformance/check';
import { TestStack } from './test-stack';

/**
 * Issue 18, item 6: a tool call's id is in the caller's surface format
 * (`toolu_…` on the Anthropic surface, `call_…` on the OpenAI ones) whatever
 * provider minted it, the same in streamed and unstreamed answers, and the
 * provider gets its own id back when the client replays the conversation.
 */
describe('tool-call ids in the surface format, stable across a conversation', () => {
  let t: TestStack;
  let anthropic: Anthropic;
  let openai: OpenAI;
  // The mock mints ids the way each provider does.
  const OPENAI_NATIVE = /^call_[A-Za-z0-9]{24}$/;
  const ANTHROPIC_NATIVE = /^toolu_01[A-Za-z0-9]{22}$/;
  const ANTHROPIC_TOOL: Anthropic.Tool = {
    name: 'get_weather',
    description: 'Current weather',
    input_schema: WEATHER_SCHEMA as Anthropic.Tool.InputSchema,
  };
  const OPENAI_TOOL: OpenAI.ChatCompletionTool = {
    type: 'function',
    function: { name: 'get_weather', description: 'Current weather', parameters: WEATHER_SCHEMA },
  };

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress'] });
    await t.seeder.tenant('ten_ids');
    await t.seeder.credential('cred-ids-openai', 'openai', 'sk-ids-openai');
    await t.seeder.credential('cred-ids-anthropic', 'anthropic', 'sk-ant-ids');
    await t.seeder.deployment({
      id: 'ids-openai',
      model: 'ids-gpt',
      provider: 'openai',
      upstreamModel: 'gpt-4o-mini',
      baseUrl: `${t.mock.url}/d/ids-openai/v1`,
      credentialId: 'cred-ids-openai',
    });
    await t.seeder.deployment({
      id: 'ids-anthropic',
      model: 'ids-claude',
      provider: 'anthropic',
      upstreamModel: 'claude-sonnet-4-5',
      baseUrl: `${t.mock.url}/d/ids-anthropic/v1`,
      credentialId: 'cred-ids-anthropic',
      options: { default_max_tokens: '1024' },
    });
    const key = (await t.seeder.issueKey('ten_ids')).plaintext;
    anthropic = new Anthropic({ apiKey: key, baseURL: t.stack.service('ingress').url, maxRetries: 0 });
    openai = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  /** The last request the mock received for one deployment. */
  function upstream(deployment: string): Record<string, unknown> {
    const entry = t.mock
      .requests(500)
      .filter((r) => r.deployment === deployment && r.method === 'POST')
      .at(-1);
    if (!entry) throw new Error(`no upstream request for ${deployment}`);
    return entry.body as Record<string, unknown>;
  }

  async function anthropicToolUse(model: string, stream: boolean): Promise<Anthropic.ToolUseBlock> {
    const params = {
      model,
      max_tokens: 256,
      tools: [ANTHROPIC_TOOL],
      messages: [{ role: 'user' as const, content: 'What is the weather in Paris?' }],
    };
    const message = stream ? await anthropic.messages.stream(params).finalMessage() : await anthropic.messages.create(params);
    const block = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    if (!block) throw new Error(`no tool_use block in ${JSON.stringify(message.content)}`);
    return block;
  }

  it('shows an OpenAI-minted id as toolu_ on the Anthropic surface, streamed or not, and sends the original back upstream', async () => {
    const plain = await anthropicToolUse('ids-gpt', false);
    expect(plain.id).toMatch(/^toolu_[A-Za-z0-9_-]+$/);
    const streamed = await anthropicToolUse('ids-gpt', true);
    expect(streamed.id).toMatch(/^toolu_[A-Za-z0-9_-]+$/);

    await anthropic.messages.create({
      model: 'ids-gpt',
      max_tokens: 256,
      tools: [ANTHROPIC_TOOL],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: [plain] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: plain.id, content: '18C and sunny' }] },
      ],
    });
    const sent = upstream('ids-openai') as { messages: Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string }> };
    const upstreamId = sent.messages.find((m) => m.role === 'assistant')?.tool_calls?.[0]?.id ?? '';
    // What OpenAI minted (call_ and 24 characters), recovered from the toolu_ id alone: no state, no lookup.
    expect(upstreamId).toMatch(OPENAI_NATIVE);
    expect(plain.id.endsWith(upstreamId)).toBe(true);
    expect(sent.messages.find((m) => m.role === 'tool')?.tool_call_id).toBe(upstreamId);
  });

  it('shows an Anthropic-minted id as call_ on the chat and Responses surfaces and sends the original back upstream', async () => {
    const first = await openai.chat.completions.create({
      model: 'ids-claude',
      tools: [OPENAI_TOOL],
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.id).toMatch(/^call_/);

    const stream = await openai.chat.completions.create({
      model: 'ids-claude',
      stream: true,
      tools: [OPENAI_TOOL],
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    const streamedIds: string[] = [];
    for await (const chunk of stream) for (const c of chunk.choices[0]?.delta.tool_calls ?? []) if (c.id) streamedIds.push(c.id);
    expect(streamedIds).toHaveLength(1);
    expect(streamedIds[0]).toMatch(/^call_/);

    await openai.chat.completions.create({
      model: 'ids-claude',
      tools: [OPENAI_TOOL],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: first.choices[0]?.message.tool_calls },
        { role: 'tool', tool_call_id: call?.id ?? '', content: '18C and sunny' },
      ],
    });
    const sent = upstream('ids-anthropic') as {
      messages: Array<{ role: string; content: Array<{ type: string; id?: string; tool_use_id?: string }> }>;
    };
    const blocks = sent.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
    const upstreamId = blocks.find((b) => b.type === 'tool_use')?.id ?? '';
    expect(upstreamId).toMatch(ANTHROPIC_NATIVE);
    expect(call?.id.endsWith(upstreamId)).toBe(true);
    expect(blocks.find((b) => b.type === 'tool_result')?.tool_use_id).toBe(upstreamId);

    const response = await openai.responses.create({
      model: 'ids-claude',
      input: 'What is the weather in Paris?',
      tools: [{ type: 'function', name: 'get_weather', parameters: WEATHER_SCHEMA, strict: false }],
    });
    const fc = response.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call');
    expect(fc?.call_id).toMatch(/^call_/);
  });

  it("passes a provider's id through unchanged on its own surface, both ways", async () => {
    const block = await anthropicToolUse('ids-claude', false);
    expect(block.id).toMatch(ANTHROPIC_NATIVE);
    await anthropic.messages.create({
      model: 'ids-claude',
      max_tokens: 256,
      tools: [ANTHROPIC_TOOL],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: [block] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: block.id, content: '18C and sunny' }] },
      ],
    });
    const sent = upstream('ids-anthropic') as { messages: Array<{ content: Array<{ type: string; id?: string; tool_use_id?: string }> }> };
    const blocks = sent.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
    expect(blocks.find((b) => b.type === 'tool_use')?.id).toBe(block.id);
    expect(blocks.find((b) => b.type === 'tool_result')?.tool_use_id).toBe(block.id);
  });
});
