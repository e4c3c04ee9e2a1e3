import { completionBody } from './body.ts';
import type { Completion } from './completion.ts';

/**
 * A serialized completion body with the byte offsets of its `id` and `created` values.
 * Generation ids have a fixed length and `created` has ten digits until the year 2286, so
 * a copy with new values written in place is a valid body.
 */
export interface BodyTemplate {
  bytes: Buffer;
  idOffset: number;
  idLength: number;
  createdOffset: number;
  createdLength: number;
}

/** Serializes a completion once, so later copies only overwrite the id and time. */
export function bodyTemplate(completion: Completion): BodyTemplate {
  const text = JSON.stringify(completionBody(completion));
  const createdText = String(completion.created);
  // `id` is the first key and `created` precedes `choices`, so these first matches are the
  // top-level fields and no text inside the message can come before them.
  const idStart = text.indexOf(completion.id);
  const createdStart = text.indexOf(`"created":${createdText}`) + '"created":'.length;
  return {
    bytes: Buffer.from(text),
    idOffset: Buffer.byteLength(text.slice(0, idStart)),
    idLength: completion.id.length,
    createdOffset: Buffer.byteLength(text.slice(0, createdStart)),
    createdLength: createdText.length,
  };
}

/** Renders the body with a fresh generation id and `created` second. */
export function renderBody(template: BodyTemplate, id: string, created: number): Buffer {
  const createdText = String(created);
  if (id.length !== template.idLength || createdText.length !== template.createdLength) {
    return spliceText(template, id, createdText);
  }
  const bytes = Buffer.allocUnsafe(template.bytes.length);
  template.bytes.copy(bytes);
  bytes.write(id, template.idOffset, 'latin1');
  bytes.write(createdText, template.createdOffset, 'latin1');
  return bytes;
}

function spliceText(template: BodyTemplate, id: string, createdText: string): Buffer {
  const { bytes, idOffset, idLength, createdOffset, createdLength } = template;
  return Buffer.concat([
    bytes.subarray(0, idOffset),
    Buffer.from(id),
    bytes.subarray(idOffset + idLength, createdOffset),
    Buffer.from(createdText),
    bytes.subarray(createdOffset + createdLength),
  ]);
}
