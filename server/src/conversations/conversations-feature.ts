import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { conversationRoutes } from './conversation-routes.ts';
import { messageRoutes } from './message-routes.ts';

/** Registers the conversations feature: stored chats with one model each, replies as JSON or events. */
export async function conversationsFeature(app: AppInstance, ctx: AppContext): Promise<void> {
  await conversationRoutes(app, ctx);
  await messageRoutes(app, ctx);
}
