import { ApiError } from '@switchyard/api-errors';
import type { ChatRequest } from '@switchyard/contracts';
import { invalidValue, isObject } from '../validation/json-walker';
import { inputItemsOf, pageInputItems } from './input-items';
import type { InputItemList, InputItemsPage } from './input-items';
import { parseResponsesRequest, previousResponseIdOf } from './parse-responses-request';
import type { ResponsesRequest } from './parse-responses-request';
import type { OpenAiResponse } from './render-response';
import { storedResponse } from './stored-response';
import type { RedactForStore, ResponseStore } from './stored-response';

/** OpenAI's answer to DELETE /v1/responses/{id}. */
export interface ResponseDeletion {
  id: string;
  object: 'response';
  deleted: true;
}

function notFound(id: string, param: string | null): ApiError {
  // Another tenant's id is indistinguishable from an unknown one.
  const what = param === 'previous_response_id' ? 'Previous response' : 'Response';
  return new ApiError(
    404,
    'invalid_request_error',
    param ? 'previous_response_not_found' : null,
    `${what} with id '${id}' not found.`,
    param,
  );
}

function storeUnavailable(): ApiError {
  return new ApiError(503, 'server_error', 'response_store_unavailable', 'Stored responses cannot be read right now; retry the request.');
}

/** Store trouble (Redis away) is the caller's 503, never a 500 with internals. */
async function reading<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw storeUnavailable();
  }
}

/**
 * Conversation state of the Responses API over a ResponseStore, per tenant:
 * previous_response_id on the way in, the stored record on the way out, and
 * GET/DELETE /v1/responses/{id} and its input_items.
 */
export class StoredResponses {
  constructor(private readonly store: ResponseStore) {}

  /** Parses a body, with the conversation previous_response_id names (a 404 naming the param when the tenant has no such response). */
  async parse(tenantId: string, body: unknown): Promise<ResponsesRequest> {
    const previousId = previousResponseIdOf(body);
    const previous = previousId === null ? undefined : await reading(() => this.store.load(tenantId, previousId));
    if (previousId !== null && !previous) throw notFound(previousId, 'previous_response_id');
    const parsed = parseResponsesRequest(body, previous);
    if (parsed.store && !this.store.accepts(tenantId)) {
      // Region pinning: rather than keep the answer outside the tenant's regions, nothing is served.
      throw ApiError.invalidRequest(
        "Responses cannot be stored in your tenant's allowed regions (no response store there). Send store: false.",
        'store',
        'store_unavailable_in_region',
      );
    }
    return parsed;
  }

  /**
   * Keeps a finished response when the request asked for it: its input as
   * sent upstream (`request`, after the PII policy), the earlier turns as
   * stored, and the answer, every text through `redact`.
   */
  async keep(
    tenantId: string,
    parsed: ResponsesRequest,
    request: ChatRequest,
    response: OpenAiResponse,
    redact: RedactForStore,
  ): Promise<void> {
    if (!parsed.store) return;
    const input = inputItemsOf(request.messages.slice(parsed.inputOffset), response.id);
    await this.store.save(storedResponse(tenantId, response, [...parsed.history, ...input], redact));
  }

  async retrieve(tenantId: string, id: string): Promise<OpenAiResponse> {
    const record = await reading(() => this.store.load(tenantId, id));
    if (!record) throw notFound(id, null);
    return record.response;
  }

  async delete(tenantId: string, id: string): Promise<ResponseDeletion> {
    if (!(await reading(() => this.store.delete(tenantId, id)))) throw notFound(id, null);
    return { id, object: 'response', deleted: true };
  }

  async inputItems(tenantId: string, id: string, query: unknown): Promise<InputItemList> {
    const page = parseInputItemsQuery(query);
    const record = await reading(() => this.store.load(tenantId, id));
    if (!record) throw notFound(id, null);
    return pageInputItems(record.inputItems, page);
  }
}

/** `limit` (1..100, default 20), `order` (asc|desc, default desc) and `after` from a query string. */
export function parseInputItemsQuery(query: unknown): InputItemsPage {
  const q = isObject(query) ? query : {};
  const limitText = q['limit'];
  let limit = 20;
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (typeof limitText !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalidValue('limit', `'${String(limitText)}'. Expected an integer between 1 and 100.`);
    }
  }
  const order = q['order'] ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalidValue('order', `'${String(order)}'. Supported values are: 'asc' and 'desc'.`);
  const after = q['after'];
  if (after !== undefined && typeof after !== 'string') throw invalidValue('after', 'expected an item id.');
  return { limit, order, after };
}
