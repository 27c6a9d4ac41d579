import { Plan } from '@switchyard/contracts';
import type { Plan as PlanEntity } from '@switchyard/contracts';
import { notFound } from '../http/admin-errors';
import { route } from '../http/admin-route';
import { DELETED_SCHEMA, listOf, listSchema, objectSchema, S } from '../http/views';
import { idField, nameField } from '../validation/common-fields';
import { int, list, obj, optional, str } from '../validation/schema';

const planBody = obj({
  name: nameField(),
  allowed_models: optional(
    list(str({ min: 1, max: 128 }), {
      max: 256,
      unique: true,
      description: 'Models, aliases or policies callers on this plan may use; empty means any',
    }),
  ),
  customer_price_micro_usd_per_month: optional(
    int({ min: 0, description: 'What the SaaS charges per month on this plan, integer micro-USD' }),
  ),
});

const planView = (p: PlanEntity) => ({
  id: p.id,
  name: p.name,
  allowed_models: p.allowedModels,
  customer_price_micro_usd_per_month: p.customerPriceMicroUsdPerMonth,
  created_at_ms: p.createdAtMs,
  updated_at_ms: p.updatedAtMs,
});
const PLAN_SCHEMA = objectSchema({
  id: S.string,
  name: S.string,
  allowed_models: S.strings,
  customer_price_micro_usd_per_month: S.int,
  created_at_ms: S.int,
  updated_at_ms: S.int,
});

export const planRoutes = [
  route({
    method: 'GET',
    path: '/plans',
    permission: 'authenticated',
    tag: 'plans',
    summary: 'List plans (any admin caller)',
    response: listSchema(PLAN_SCHEMA),
    handle: ({ deps }) => listOf([...deps.state.plans.values()].map(planView)),
  }),
  route({
    method: 'PUT',
    path: '/plans/{planId}',
    permission: 'platform.manage',
    tag: 'plans',
    summary: 'Create or replace a plan',
    body: planBody,
    response: PLAN_SCHEMA,
    handle: async (call) => {
      const id = idField('plan id').parse(call.params['planId'], 'planId');
      const old = call.deps.state.plans.get(id);
      const plan = Plan.fromPartial({
        id,
        name: call.body.name,
        allowedModels: call.body.allowed_models ?? [],
        customerPriceMicroUsdPerMonth: call.body.customer_price_micro_usd_per_month ?? 0,
        createdAtMs: old?.createdAtMs ?? call.nowMs,
        updatedAtMs: call.nowMs,
      });
      await call.write({ $case: 'plan', plan });
      return planView(plan);
    },
  }),
  route({
    method: 'DELETE',
    path: '/plans/{planId}',
    permission: 'platform.manage',
    tag: 'plans',
    summary: 'Delete a plan (refused while tenants, API keys or budgets use it)',
    response: DELETED_SCHEMA,
    conflicts: 'Tenants, API keys or plan budgets still use the plan',
    handle: async (call) => {
      const id = call.params['planId'] ?? '';
      const { state } = call.deps;
      const plan = state.plans.get(id);
      if (!plan) throw notFound('plan', id);
      call.checkReferences({ kind: 'plan', id });
      await call.write({ $case: 'plan', plan }, true);
      return { id, deleted: true };
    },
  }),
];
