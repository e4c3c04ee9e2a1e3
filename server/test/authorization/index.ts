import { adminCases } from './admin.ts';
import { authCases } from './auth.ts';
import { catalogCases } from './catalog.ts';
import { chatCases } from './chat.ts';
import { conversationCases } from './conversations.ts';
import { coreCases } from './core.ts';
import { keyCases } from './keys.ts';
import { limitCases } from './limits.ts';
import type { RouteCase } from './types.ts';

/**
 * Every route's expected status per caller. A feature adds its routes in its
 * own file here and one line below; a registered route without an entry
 * fails the matrix test.
 */
export const ROUTE_CASES: readonly RouteCase[] = [
  ...coreCases,
  ...authCases,
  ...keyCases,
  ...adminCases,
  ...catalogCases,
  ...limitCases,
  ...chatCases,
  ...conversationCases,
];
