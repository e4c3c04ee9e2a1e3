import type { FeatureRoutes } from './instance.ts';

/** The route plugins of every feature, registered in this order. */
export const FEATURES: readonly FeatureRoutes[] = [];
