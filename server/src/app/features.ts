import { adminRoutes } from '../admin/admin-routes.ts';
import { authRoutes } from '../auth/routes.ts';
import { catalogRoutes } from '../catalog/catalog-routes.ts';
import { chatRoutes } from '../chat/chat-routes.ts';
import { conversationsFeature } from '../conversations/conversations-feature.ts';
import { gatewayKeyRoutes } from '../keys/gateway-key-routes.ts';
import { providerKeyRoutes } from '../keys/provider-key-routes.ts';
import { limitsRoutes } from '../limits/limits-routes.ts';
import type { FeatureRoutes } from './instance.ts';

/** The route plugins of every feature, registered in this order. */
export const FEATURES: readonly FeatureRoutes[] = [
  authRoutes,
  providerKeyRoutes,
  gatewayKeyRoutes,
  adminRoutes,
  catalogRoutes,
  limitsRoutes,
  chatRoutes,
  conversationsFeature,
];
