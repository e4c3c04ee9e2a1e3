import { hashText } from './hash.ts';
import { contentText } from './reply.ts';
import type { ChatMessage, ChatRequest, JsonSchema, ToolDefinition } from './request.ts';

/** Tool call in the reply: `arguments` is a JSON string, as OpenAI clients expect. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Picks the tool to call: the one `tool_choice` names, else the first whose name appears in
 * the last user message, else the first tool. `tool_choice: "none"` picks nothing.
 */
export function chooseTool(request: ChatRequest): ToolDefinition | undefined {
  const { tools, toolChoice } = request;
  if (tools.length === 0 || toolChoice === 'none') return undefined;
  const forced = (toolChoice as { function?: { name?: unknown } } | undefined)?.function?.name;
  const named = tools.find((tool) => tool.function?.name === forced);
  if (named) return named;
  const text = lastUserText(request.messages);
  return tools.find((tool) => text.includes(tool.function?.name ?? '\0')) ?? tools[0];
}

/** Builds a call of the tool with arguments that satisfy its parameters schema. */
export function buildToolCall(tool: ToolDefinition, seed: number): ToolCall {
  const name = tool.function?.name ?? 'tool';
  const args = exampleValue(tool.function?.parameters ?? { type: 'object' }, name);
  return { id: toolCallId(seed, 0), name, arguments: JSON.stringify(args) };
}

/** Makes a stable `call_...` id from the request seed and the call's index. */
export function toolCallId(seed: number, index: number): string {
  return `call_${hashText(`${seed}:${index}`).toString(16).padStart(8, '0')}${index}`;
}

function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as ChatMessage;
    if (message.role === 'user') return contentText(message.content);
  }
  return '';
}

// Depth keeps a self-referencing or very deep schema from recursing without end.
function exampleValue(schema: JsonSchema, name: string, depth = 0): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return exampleValue(variant, name, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return exampleOfType(type, schema, name, depth);
}

function exampleOfType(type: string | undefined, schema: JsonSchema, name: string, depth: number) {
  switch (type) {
    case 'string':
      return `example ${name}`;
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return depth > 8 || !schema.items ? [] : [exampleValue(schema.items, name, depth + 1)];
    default:
      return depth > 8 ? {} : exampleObject(schema, depth);
  }
}

function exampleObject(schema: JsonSchema, depth: number): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    object[key] = exampleValue(property, key, depth + 1);
  }
  return object;
}
