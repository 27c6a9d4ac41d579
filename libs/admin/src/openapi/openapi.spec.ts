import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_ROUTES, adminOpenApi } from '../routes';

describe('the checked-in OpenAPI document', () => {
  it('is what the route table produces (regenerate: npm run build -w @switchyard/admin && npm run openapi -w @switchyard/admin)', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8'));
    expect(checkedIn).toEqual(adminOpenApi());
  });

  it('documents every route with its permission', () => {
    const doc = adminOpenApi() as { paths: Record<string, Record<string, { 'x-switchyard-permission': string }>> };
    for (const r of ADMIN_ROUTES)
      expect(doc.paths[`/admin/v1${r.path}`]?.[r.method.toLowerCase()]?.['x-switchyard-permission']).toBe(r.permission);
  });
});
