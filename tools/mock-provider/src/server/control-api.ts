import { parseBehaviourPatch } from '../behaviour/config';
import type { AppState } from './app-state';
import { jsonReply } from './http-io';
import type { HttpReply } from './types';

const PREFIX = '/_mock/';

function badRequest(message: string): HttpReply {
  return jsonReply(400, { error: message });
}

/** The test-facing control API under /_mock/. Returns null when the path is not a control route. */
export function handleControl(
  app: AppState,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
  bodyIsInvalidJson: boolean,
): HttpReply | null {
  if (!path.startsWith(PREFIX)) return null;
  if (bodyIsInvalidJson) return badRequest('body is not valid JSON');
  const rest = path.slice(PREFIX.length);
  const [resource = '', ...tail] = rest.split('/');
  const name = tail.length ? decodeURIComponent(tail.join('/')) : '';

  switch (`${method} ${resource}${name ? '/:name' : ''}`) {
    case 'GET health':
      return jsonReply(200, { status: 'ok', uptimeMs: Date.now() - app.startedAt, journalSize: app.journal.size });
    case 'GET config':
      return jsonReply(200, { defaults: app.scopes.getDefaults(), deployments: app.scopes.listDeployments() });
    case 'PUT config': {
      const parsed = parseBehaviourPatch(body ?? {});
      if (!parsed.ok) return badRequest(parsed.error);
      app.scopes.setDefaults(parsed.patch);
      return jsonReply(200, { defaults: app.scopes.getDefaults() });
    }
    case 'DELETE config':
      app.scopes.resetDefaults();
      return jsonReply(200, { defaults: app.scopes.getDefaults() });
    case 'GET deployments':
      return jsonReply(200, { deployments: app.scopes.listDeployments() });
    case 'GET deployments/:name': {
      const patch = app.scopes.getDeployment(name);
      return patch ? jsonReply(200, { name, behaviour: patch }) : jsonReply(404, { error: `no deployment ${name}` });
    }
    case 'PUT deployments/:name': {
      const parsed = parseBehaviourPatch(body ?? {});
      if (!parsed.ok) return badRequest(parsed.error);
      app.scopes.setDeployment(name, parsed.patch);
      return jsonReply(200, { name, behaviour: parsed.patch });
    }
    case 'DELETE deployments/:name':
      app.scopes.deleteDeployment(name);
      return jsonReply(200, { name, behaviour: app.scopes.getDeployment(name) ?? null });
    case 'POST release/:name':
      return jsonReply(200, { token: name, released: app.holds.release(name) });
    case 'GET requests': {
      const limit = Math.max(1, Math.min(1000, Number(query.get('limit') ?? '50') || 50));
      const filter = {
        deployment: query.get('deployment') ?? undefined,
        format: query.get('format') ?? undefined,
      };
      return jsonReply(200, { requests: app.journal.last(limit, filter) });
    }
    case 'DELETE requests':
      app.journal.clear();
      return jsonReply(200, { cleared: true });
    case 'PUT usage-report': {
      // Fault injection: the usage APIs over-report by this factor (1.1 = 10 % more than served).
      const ratio = (body as { overReportRatio?: unknown } | null)?.overReportRatio;
      if (typeof ratio !== 'number' || !(ratio > 0)) return badRequest('overReportRatio must be a positive number');
      app.usage.overReportRatio = ratio;
      return jsonReply(200, { overReportRatio: ratio });
    }
    case 'DELETE usage-report':
      app.usage.clear();
      return jsonReply(200, { cleared: true });
    case 'POST reset':
      app.usage.clear();
      app.scopes.resetDefaults();
      app.scopes.resetDeployments();
      app.journal.clear();
      app.holds.releaseAll();
      return jsonReply(200, { reset: true });
    default:
      return jsonReply(404, { error: `unknown control route ${method} ${path}` });
  }
}
