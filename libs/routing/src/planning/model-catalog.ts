import type { ChatRequest, Deployment, ModelListing, RequestContext } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { planForModel, PlanResult } from './route-plan';
import { requiredCapabilities } from './required-capabilities';

/** The models a caller can see and use, from the deployments in the config log. */
export class ModelCatalog {
  constructor(private readonly config: ConfigState) {}

  planChat(request: ChatRequest, context: RequestContext): PlanResult {
    return planForModel(request.model, this.config.enabledDeployments(), context, requiredCapabilities(request));
  }

  planEmbeddings(model: string, context: RequestContext): PlanResult {
    return planForModel(model, this.config.enabledDeployments(), context, ['embeddings']);
  }

  listModels(context: RequestContext): ModelListing[] {
    const seen = new Map<string, Deployment>();
    for (const d of this.config.enabledDeployments()) {
      if (context.allowedRegions.length > 0 && !context.allowedRegions.includes(d.region)) continue;
      if (context.allowedModels.length > 0 && !context.allowedModels.includes(d.model)) continue;
      if (!seen.has(d.model)) seen.set(d.model, d);
    }
    return [...seen.values()]
      .map((d) => ({ id: d.model, kind: 'model', ownedBy: d.provider, createdUnix: 0 }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}
