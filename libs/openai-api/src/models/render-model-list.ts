import type { ModelListing } from '@switchyard/contracts';

export interface OpenAiModelList {
  object: 'list';
  data: { id: string; object: 'model'; created: number; owned_by: string }[];
}

export function renderModelList(models: readonly ModelListing[]): OpenAiModelList {
  return {
    object: 'list',
    data: models.map((m) => ({ id: m.id, object: 'model', created: m.createdUnix, owned_by: m.ownedBy })),
  };
}
