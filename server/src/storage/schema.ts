import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Conventions shared by every table, so the same queries run on SQLite,
// PostgreSQL and MySQL: times are Unix milliseconds in BIGINT columns,
// booleans are 0/1 integers, and quota days are stored as `YYYY-MM-DD` text.
// PostgreSQL returns SUM() as a string and MySQL returns DECIMAL sums as
// strings, so aggregate results go through Number() before use.

export type Flag = 0 | 1;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  role: 'user' | 'admin';
  status: 'active' | 'disabled';
  must_change_password: Flag;
  /** Raised to revoke every token issued before. */
  session_counter: number;
  /** Random per-user value carried in tokens, so a reused id cannot match old tokens. */
  session_salt: string;
  rate_limit_per_minute: number | null;
  created_at: number;
  updated_at: number;
}

export interface GatewayKeysTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** The first characters of the key, shown in lists. */
  prefix: string;
  /** SHA-256 of the whole key, hex. */
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
}

export interface ProviderKeysTable {
  user_id: number;
  /** AES-256-GCM ciphertext followed by its 16-byte tag, base64. */
  ciphertext: string;
  /** The 12-byte GCM nonce, base64. */
  nonce: string;
  last4: string;
  verified: Flag;
  created_at: number;
  updated_at: number;
}

export interface ModelsTable {
  id: Generated<number>;
  model_id: string;
  name: string;
  description: string;
  context_length: number | null;
  supports_tools: Flag;
  free: Flag;
  /** USD per token as the upstream's decimal string. */
  pricing_prompt: string;
  pricing_completion: string;
  expires_at: number | null;
  enabled: Flag;
  available: Flag;
  /** Why the row is unavailable: gone, not_free, expired, or an upstream availability code. */
  unavailable_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface UserModelPreferencesTable {
  user_id: number;
  model_row_id: number;
  enabled: Flag;
  updated_at: number;
}

export interface ModelUsageLimitsTable {
  model_id: string;
  max_requests_per_day: number | null;
  max_tokens_per_day: number | null;
  updated_at: number;
}

export interface UsageDailyTable {
  user_id: number;
  model_id: string;
  /** `YYYY-MM-DD` in USAGE_TIMEZONE. */
  day: string;
  requests: number;
  total_tokens: number;
}

export interface ConversationsTable {
  id: Generated<number>;
  user_id: number;
  model_id: string;
  title: string | null;
  created_at: number;
  updated_at: number;
}

export interface ConversationMessagesTable {
  id: Generated<number>;
  conversation_id: number;
  role: 'user' | 'assistant';
  content: string;
  status: 'complete' | 'interrupted' | 'error';
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  created_at: number;
}

export interface ChatLogsTable {
  id: Generated<number>;
  created_at: number;
  day: string;
  user_id: number | null;
  user_email: string;
  credential: 'jwt' | 'gateway_key';
  source: 'api' | 'conversation' | 'title';
  model: string;
  model_served: string | null;
  outcome: string;
  status: number;
  error_code: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost: number | null;
  usage_estimated: Flag;
  latency_ms: number;
  ttft_ms: number | null;
  prompt: string | null;
  reply: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  created_at: number;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  /** JSON text, or null. */
  before: string | null;
  after: string | null;
}

export interface Database {
  users: UsersTable;
  gateway_keys: GatewayKeysTable;
  provider_keys: ProviderKeysTable;
  models: ModelsTable;
  user_model_preferences: UserModelPreferencesTable;
  model_usage_limits: ModelUsageLimitsTable;
  usage_daily: UsageDailyTable;
  conversations: ConversationsTable;
  conversation_messages: ConversationMessagesTable;
  chat_logs: ChatLogsTable;
  settings: SettingsTable;
  audit_events: AuditEventsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type ModelRow = Selectable<ModelsTable>;
export type ChatLogRow = Selectable<ChatLogsTable>;
export type NewChatLog = Insertable<ChatLogsTable>;
export type GatewayKeyRow = Selectable<GatewayKeysTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<ConversationMessagesTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
