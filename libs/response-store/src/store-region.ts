/**
 * Which store keeps a tenant's responses, by the region it is keyed under
 * (the default store's is `defaultRegion`, '' when unpinned), or null when the tenant is pinned to
 * regions none of the stores is in (its responses cannot be kept anywhere
 * it allows, so `store: true` is refused rather than written elsewhere).
 *
 * A tenant without allowed regions uses the default store. A pinned tenant
 * uses the store of the first of its regions that has one, in its own order.
 */
export function storeRegionFor(tenantRegions: readonly string[], storeRegions: ReadonlySet<string>, defaultRegion: string): string | null {
  if (tenantRegions.length === 0) return defaultRegion;
  return tenantRegions.find((region) => region !== '' && storeRegions.has(region)) ?? null;
}
