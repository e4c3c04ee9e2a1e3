import type { UpstreamModel } from './upstream-entry.ts';

const FREE_SUFFIX = ':free';

/** True for an output of text; image-only, embedding and audio models are left out. */
export function outputsText(model: UpstreamModel): boolean {
  return model.outputModalities.includes('text');
}

/**
 * Free means an id ending in `:free`, or prompt and completion both priced 0.
 * Routers priced "-1" (variable) are not free.
 */
export function isFree(model: UpstreamModel): boolean {
  if (model.id.endsWith(FREE_SUFFIX)) return true;
  return Number(model.pricingPrompt) === 0 && Number(model.pricingCompletion) === 0;
}

/** `~author/family-latest` aliases and `:batch` ids point at other entries, so they are never stored. */
export function isAliasOrBatch(model: UpstreamModel): boolean {
  return model.id.startsWith('~') || model.id.endsWith(':batch');
}

/**
 * Picks the entries the catalogue stores: text models that are free (every
 * text model when paid ones are allowed), without aliases and `:batch` ids,
 * and without a free `X` whose free `X:free` twin is listed too.
 */
export function selectCatalogModels(
  models: readonly UpstreamModel[],
  allowPaid: boolean,
): Map<string, UpstreamModel> {
  const candidates = models.filter(
    (model) => outputsText(model) && !isAliasOrBatch(model) && (allowPaid || isFree(model)),
  );
  const freeIds = new Set(candidates.filter(isFree).map((model) => model.id));
  const selected = new Map<string, UpstreamModel>();
  for (const model of candidates) {
    const hasFreeTwin = isFree(model) && freeIds.has(`${model.id}${FREE_SUFFIX}`);
    if (!hasFreeTwin) selected.set(model.id, model);
  }
  return selected;
}
