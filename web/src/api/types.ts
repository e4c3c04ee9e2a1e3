// Payload shapes of the gateway's HTTP API. Times are ISO 8601 UTC strings and ids are
// integers, except `modelId`, which is the upstream's model id (it contains slashes).

export type Role = 'user' | 'admin';
export type UserStatus = 'active' | 'disabled';

export interface User {
  id: number;
  email: string;
  role: Role;
  status: UserStatus;
  mustChangePassword: boolean;
  createdAt: string;
}

/** Answer of login, register and change-password. */
export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface PageQuery {
  page: number;
  size: number;
}

export interface UserModel {
  id: number;
  modelId: string;
  name: string;
  contextLength: number | null;
  supportsTools: boolean;
  enabled: boolean;
}

export interface ApiKeyStatus {
  configured: boolean;
  last4: string | null;
  verified: boolean | null;
  updatedAt: string | null;
}

/** Result of storing an OpenRouter key: verified upstream, or stored without a check. */
export type ApiKeySaveResult = { verified: true } | { verified: false; message: string };

export interface GatewayKey {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface CreatedGatewayKey extends GatewayKey {
  key: string;
}

export interface ModelUsage {
  modelId: string;
  requests: number;
  totalTokens: number;
  maxRequestsPerDay: number | null;
  maxTokensPerDay: number | null;
}

export interface UserUsage {
  day: string;
  timezone: string;
  resetAt: string;
  models: ModelUsage[];
}

export interface ConversationSummary {
  id: number;
  title: string | null;
  model: string;
  createdAt: string;
  updatedAt: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export type MessageStatus = 'complete' | 'interrupted' | 'error';

export interface ConversationMessage {
  id: number;
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus;
  usage: Usage | null;
  createdAt: string;
}

export interface Conversation extends ConversationSummary {
  messages: ConversationMessage[];
}

/** Payload of the `done` event that ends a streamed reply. */
export interface StreamDone {
  messageId: number;
  title: string | null;
  usage: Usage | null;
}

export interface AdminStats {
  users: { total: number; active: number };
  today: {
    requests: number;
    tokens: number;
    errors: number;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
  };
  daily: { day: string; requests: number; tokens: number; errors: number }[];
  topModels: { modelId: string; requests: number; tokens: number }[];
  topUsers: { userId: number | null; email: string; requests: number; tokens: number }[];
}

export interface ChatLog {
  id: number;
  createdAt: string;
  userId: number | null;
  userEmail: string;
  credential: 'jwt' | 'gateway_key';
  source: 'api' | 'conversation' | 'title';
  model: string;
  modelServed: string | null;
  outcome: string;
  status: number | null;
  errorCode: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  cost: number | null;
  usageEstimated: boolean;
  latencyMs: number | null;
  ttftMs: number | null;
  prompt: string | null;
  reply: string | null;
}

/** Filters of the chat-log list and its CSV export; dates are `YYYY-MM-DD`. */
export interface ChatLogFilter {
  user: string;
  model: string;
  from: string;
  to: string;
}

export interface AdminModel {
  id: number;
  modelId: string;
  name: string;
  description: string | null;
  contextLength: number | null;
  supportsTools: boolean;
  free: boolean;
  pricing: { prompt: string; completion: string } | null;
  expiresAt: string | null;
  enabled: boolean;
  available: boolean;
}

export interface SyncResult {
  total: number;
  added: number;
  updated: number;
  unavailable: number;
  skipped: number;
}

export interface UsageLimit {
  modelId: string;
  maxRequestsPerDay: number | null;
  maxTokensPerDay: number | null;
}

export interface AdminUser extends User {
  requestsPerMinute: number | null;
  requestsToday: number;
  hasApiKey: boolean;
}

export interface NewUser {
  email: string;
  password: string;
  role: Role;
}

export interface AuditEvent {
  id: number;
  createdAt: string;
  actorId: number | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | number | null;
  before: unknown;
  after: unknown;
}

/** Filters of the audit list; dates are `YYYY-MM-DD`. */
export interface AuditFilter {
  action: string;
  from: string;
  to: string;
}
