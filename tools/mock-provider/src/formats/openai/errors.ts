import type { Fault } from '../../behaviour/scopes';
import type { HttpReply } from '../../server/types';
import { openaiHeaders, type OpenAIFlavour } from './headers';

export interface OpenAIErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export function openaiErrorReply(
  status: number,
  error: OpenAIErrorBody,
  flavour: OpenAIFlavour = 'openai',
  rateLimited?: { retryAfterSeconds: number },
): HttpReply {
  return {
    status,
    headers: { 'content-type': 'application/json', ...openaiHeaders(flavour, rateLimited) },
    body: `${JSON.stringify({ error }, null, 4)}\n`,
  };
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): OpenAIErrorBody {
  return { message, type: 'invalid_request_error', param, code };
}

export const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

/** Azure's own gateway errors (auth, routing, throttling) use a code/message pair without type. */
function azureReply(status: number, message: string, rateLimited?: { retryAfterSeconds: number }): HttpReply {
  return {
    status,
    headers: { 'content-type': 'application/json', ...openaiHeaders('azure', rateLimited) },
    body: JSON.stringify({ error: { code: String(status), message } }),
  };
}

export function missingAuthReply(flavour: OpenAIFlavour): HttpReply {
  if (flavour === 'azure') {
    return azureReply(
      401,
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
    );
  }
  return openaiErrorReply(
    401,
    invalidRequest(
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    ),
  );
}

export function azureResourceNotFound(): HttpReply {
  return azureReply(404, 'Resource not found');
}

export function faultReply(fault: Fault, flavour: OpenAIFlavour, model: string): HttpReply {
  if (fault.kind === 'context_length') {
    return openaiErrorReply(
      400,
      invalidRequest(
        `This model's maximum context length is ${fault.limit} tokens. However, your messages resulted in ${fault.promptTokens} tokens. Please reduce the length of the messages.`,
        'messages',
        'context_length_exceeded',
      ),
      flavour,
    );
  }
  const { status } = fault;
  if (status === 429) {
    const retryAfterSeconds = fault.retryAfterSeconds ?? 1;
    if (flavour === 'azure') {
      return azureReply(
        429,
        `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after ${retryAfterSeconds} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
        { retryAfterSeconds },
      );
    }
    return openaiErrorReply(
      429,
      {
        message: `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 10000, Used 10000, Requested 1. Please try again in ${retryAfterSeconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
      flavour,
      { retryAfterSeconds },
    );
  }
  if (status === 401) {
    if (flavour === 'azure') return missingAuthReply('azure');
    return openaiErrorReply(
      401,
      invalidRequest(
        'Incorrect API key provided: sk-mock***. You can find your API key at https://platform.openai.com/account/api-keys.',
        null,
        'invalid_api_key',
      ),
    );
  }
  return openaiErrorReply(status, statusError(status, model), flavour);
}

function statusError(status: number, model: string): OpenAIErrorBody {
  switch (status) {
    case 400:
      return invalidRequest('Invalid request (injected by mock-provider).');
    case 403:
      return invalidRequest(`Project \`proj_mock\` does not have access to model \`${model}\``, null, 'model_not_found');
    case 404:
      return invalidRequest(`The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found');
    case 500:
      return {
        message:
          'The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error.',
        type: 'server_error',
        param: null,
        code: null,
      };
    case 503:
      return {
        message:
          'That model is currently overloaded with other requests. You can retry your request, or contact us through our help center at help.openai.com if the error persists.',
        type: 'server_error',
        param: null,
        code: null,
      };
    default:
      return status >= 500
        ? { message: `Upstream error ${status} (injected by mock-provider).`, type: 'server_error', param: null, code: null }
        : invalidRequest(`Request failed with status ${status} (injected by mock-provider).`);
  }
}

/** Azure's refusal of a prompt its content filter blocked (OpenAI itself has no prompt-level filter for chat). */
export function azurePromptFilteredReply(): HttpReply {
  const safe = { filtered: false, severity: 'safe' };
  const error = {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: {
      code: 'ResponsibleAIPolicyViolation',
      content_filter_result: {
        hate: safe,
        jailbreak: { filtered: true, detected: true },
        self_harm: safe,
        sexual: safe,
        violence: { filtered: true, severity: 'high' },
      },
    },
  };
  return { status: 400, headers: { 'content-type': 'application/json', ...openaiHeaders('azure') }, body: JSON.stringify({ error }) };
}
