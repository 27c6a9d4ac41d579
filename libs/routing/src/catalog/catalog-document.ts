import { Alias, Capabilities, Deployment, Experiment, PricePerMillionTokens, RoutingObjective, RoutingPolicy } from '@switchyard/contracts';
import { PriceTable } from '@switchyard/pricing';
import { Field, FieldReader } from './field-reader';

/** The model catalog as data: a versioned file of deployments, policies, aliases and experiments. */
export interface CatalogDocument {
  readonly version: string;
  readonly deployments: readonly Deployment[];
  readonly policies: readonly RoutingPolicy[];
  readonly aliases: readonly Alias[];
  readonly experiments: readonly Experiment[];
}

export type CatalogParse =
  { readonly ok: true; readonly document: CatalogDocument } | { readonly ok: false; readonly problems: readonly string[] };

const CAPABILITIES: Record<string, keyof Capabilities> = {
  chat: 'chat',
  streaming: 'streaming',
  vision: 'vision',
  tools: 'tools',
  json: 'jsonMode',
  embeddings: 'embeddings',
  moderation: 'moderation',
  transcription: 'transcription',
  speech: 'speech',
  image_generation: 'imageGeneration',
};

const OBJECTIVES: Record<string, RoutingObjective> = {
  cost: RoutingObjective.ROUTING_OBJECTIVE_COST,
  latency: RoutingObjective.ROUTING_OBJECTIVE_LATENCY,
  reliability: RoutingObjective.ROUTING_OBJECTIVE_RELIABILITY,
};

/**
 * Reads a catalog file's JSON. `${NAME}` in strings is replaced from `vars`
 * (endpoints differ per environment). A deployment without a price gets the
 * list price of its provider and upstream model from the price table.
 * Problems name the exact field; nothing partial comes out of a bad file.
 */
export function parseCatalog(
  json: unknown,
  vars: Readonly<Record<string, string>> = {},
  prices: PriceTable = PriceTable.builtIn(),
): CatalogParse {
  const r = new FieldReader(vars);
  const root = r.object(json, 'catalog');
  r.only(root, ['$comment', 'version', 'deployments', 'policies', 'aliases', 'experiments'], 'catalog');
  const version = r.string(root, 'version', 'catalog');
  const deployments = r.list(root, 'deployments', 'catalog', (f, at) => deployment(r, f, at, prices));
  const policies = r.list(root, 'policies', 'catalog', (f, at) => policy(r, f, at));
  const aliases = r.list(root, 'aliases', 'catalog', (f, at) => alias(r, f, at));
  const experiments = r.list(root, 'experiments', 'catalog', (f, at) => experiment(r, f, at));
  r.unique(
    deployments.map((d) => d.id),
    'deployment id',
  );
  r.unique(
    policies.map((p) => p.id),
    'policy id',
  );
  r.unique(
    aliases.map((a) => (a.tenantId ? `${a.tenantId}/${a.id}` : a.id)),
    'alias id',
  );
  r.unique(
    experiments.map((e) => e.id),
    'experiment id',
  );
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  return { ok: true, document: { version, deployments, policies, aliases, experiments } };
}

/** Deployment.model_class: what the admin API accepts too. */
const MODEL_CLASS = /^[a-z0-9._-]{1,64}$/;

function deployment(r: FieldReader, f: Field, at: string, prices: PriceTable): Deployment {
  const id = r.string(f, 'id', at);
  const where = `deployment ${id || at}`;
  r.only(
    f,
    [
      'id',
      'model',
      'provider',
      'upstreamModel',
      'endpoint',
      'region',
      'credentialRef',
      'options',
      'price',
      'contextWindow',
      'capabilities',
      'rpmLimit',
      'tpmLimit',
      'enabled',
      'timeoutMs',
      'modelClass',
    ],
    where,
  );
  const provider = r.string(f, 'provider', where);
  const model = r.string(f, 'model', where);
  const upstreamModel = r.optionalString(f, 'upstreamModel', where) ?? model;
  const list = prices.find(provider, upstreamModel);
  const price = r.optionalObject(f, 'price', where);
  if (price) r.only(price, ['input', 'output', 'cachedInput', 'cacheWrite'], `${where} price`);
  const capabilities = Capabilities.fromPartial({});
  for (const name of r.stringList(f, 'capabilities', where)) {
    const key = CAPABILITIES[name];
    if (key) capabilities[key] = true;
    else r.problem(`${where}: unknown capability '${name}' (use ${Object.keys(CAPABILITIES).join(', ')})`);
  }
  const modelClass = r.optionalString(f, 'modelClass', where) ?? '';
  if (modelClass && !MODEL_CLASS.test(modelClass))
    r.problem(`${where}: modelClass '${modelClass}' must be 1-64 lowercase letters, digits, '.', '_' or '-'`);
  if (!price && !list) r.problem(`${where}: no price given and none in the price table for ${provider}/${upstreamModel}`);
  return Deployment.fromPartial({
    id,
    model,
    provider,
    upstreamModel,
    baseUrl: r.string(f, 'endpoint', where),
    region: r.string(f, 'region', where),
    credentialRef: r.optionalString(f, 'credentialRef', where) ?? '',
    options: r.stringMap(f, 'options', where),
    price: PricePerMillionTokens.fromPartial({
      inputMicroUsd: price ? r.int(price, 'input', `${where} price`) : (list?.input ?? 0),
      outputMicroUsd: price ? r.int(price, 'output', `${where} price`) : (list?.output ?? 0),
      cachedInputMicroUsd: price ? (r.optionalInt(price, 'cachedInput', `${where} price`) ?? 0) : (list?.cachedInput ?? 0),
      cacheWriteMicroUsd: price ? (r.optionalInt(price, 'cacheWrite', `${where} price`) ?? 0) : (list?.cacheWrite ?? 0),
      // Non-token units come from the price table unless the file names them (the table's image price varies by size).
      audioMinuteMicroUsd: (price && r.optionalInt(price, 'audioMinute', `${where} price`)) ?? 0,
      millionCharactersMicroUsd: (price && r.optionalInt(price, 'millionCharacters', `${where} price`)) ?? 0,
      imageMicroUsd: (price && r.optionalInt(price, 'image', `${where} price`)) ?? 0,
    }),
    contextWindow: r.optionalInt(f, 'contextWindow', where) ?? 0,
    capabilities,
    rpmLimit: r.optionalInt(f, 'rpmLimit', where) ?? 0,
    tpmLimit: r.optionalInt(f, 'tpmLimit', where) ?? 0,
    enabled: r.optionalBool(f, 'enabled', where) ?? true,
    timeoutMs: r.optionalInt(f, 'timeoutMs', where) ?? 0,
    modelClass,
  });
}

function policy(r: FieldReader, f: Field, at: string): RoutingPolicy {
  const id = r.string(f, 'id', at);
  const where = `policy ${id || at}`;
  r.only(f, ['id', 'description', 'objective', 'models', 'requireAllowedRegions', 'regions', 'classes'], where);
  const objectiveName = r.string(f, 'objective', where);
  const objective = OBJECTIVES[objectiveName];
  if (objectiveName && objective === undefined)
    r.problem(`${where}: objective '${objectiveName}' must be one of ${Object.keys(OBJECTIVES).join(', ')}`);
  return RoutingPolicy.fromPartial({
    id,
    description: r.optionalString(f, 'description', where) ?? '',
    objective: objective ?? RoutingObjective.ROUTING_OBJECTIVE_UNSPECIFIED,
    models: r.stringList(f, 'models', where),
    requireAllowedRegions: r.optionalBool(f, 'requireAllowedRegions', where) ?? false,
    regions: r.stringList(f, 'regions', where),
    classes: r.stringList(f, 'classes', where),
  });
}

function alias(r: FieldReader, f: Field, at: string): Alias {
  const id = r.string(f, 'id', at);
  const where = `alias ${id || at}`;
  r.only(f, ['id', 'tenantId', 'description', 'chain', 'policy'], where);
  return Alias.fromPartial({
    id,
    tenantId: r.optionalString(f, 'tenantId', where) ?? '',
    description: r.optionalString(f, 'description', where) ?? '',
    chain: r.stringList(f, 'chain', where),
    policy: r.optionalString(f, 'policy', where) ?? '',
  });
}

function experiment(r: FieldReader, f: Field, at: string): Experiment {
  const id = r.string(f, 'id', at);
  const where = `experiment ${id || at}`;
  r.only(f, ['id', 'alias', 'tenantId', 'enabled', 'arms'], where);
  return Experiment.fromPartial({
    id,
    aliasId: r.string(f, 'alias', where),
    tenantId: r.optionalString(f, 'tenantId', where) ?? '',
    enabled: r.optionalBool(f, 'enabled', where) ?? true,
    arms: r.list(f, 'arms', where, (arm, armAt) => {
      const name = r.string(arm, 'name', `${where} ${armAt}`);
      const armWhere = `${where} arm ${name || armAt}`;
      r.only(arm, ['name', 'target', 'weight', 'shadow', 'shadowPercent'], armWhere);
      return {
        name,
        target: r.string(arm, 'target', armWhere),
        weight: r.optionalInt(arm, 'weight', armWhere) ?? 0,
        shadow: r.optionalBool(arm, 'shadow', armWhere) ?? false,
        shadowPercent: r.optionalInt(arm, 'shadowPercent', armWhere) ?? 0,
      };
    }),
  });
}
