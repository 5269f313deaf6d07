// Block Kit as Slack checks it on chat.postMessage / chat.update, for the blocks an app sends with a message:
// header, section (text, fields, a button accessory), divider, context and actions (buttons). Limits are
// Slack's (Block Kit reference): 50 blocks a message; header 150 characters; section text 3000, 10 fields
// of 2000; context 10 elements; actions 25 elements; button text 75, action_id and block_id 255, value
// 2000, url 3000; block_id and action_id unique within a message.
//
// Slack's published spec describes blocks only loosely (`[{type}]`), so these rules come from the Block Kit
// documentation. The stand-in is stricter in one way: a block or element type it does not model is refused
// as `invalid_blocks` instead of accepted and ignored, so a message can never carry something the stand-in
// cannot show or press.
import { Ajv, type ErrorObject } from 'ajv';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

const plainText = (max: number) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['type', 'text'],
    properties: {
      type: { const: 'plain_text' },
      text: { type: 'string', minLength: 1, maxLength: max },
      emoji: { type: 'boolean' },
    },
  }) as const;

const mrkdwnText = (max: number) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['type', 'text'],
    properties: {
      type: { const: 'mrkdwn' },
      text: { type: 'string', minLength: 1, maxLength: max },
      verbatim: { type: 'boolean' },
    },
  }) as const;

const textObject = (max: number) => ({ oneOf: [plainText(max), mrkdwnText(max)] }) as const;

const blockId = { type: 'string', minLength: 1, maxLength: 255 } as const;

const button = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: {
    type: { const: 'button' },
    text: plainText(75),
    action_id: { type: 'string', minLength: 1, maxLength: 255 },
    value: { type: 'string', maxLength: 2000 },
    url: { type: 'string', minLength: 1, maxLength: 3000 },
    style: { enum: ['primary', 'danger'] },
    accessibility_label: { type: 'string', minLength: 1, maxLength: 75 },
  },
} as const;

const headerBlock = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: { type: { const: 'header' }, text: plainText(150), block_id: blockId },
} as const;

const sectionBlock = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  anyOf: [{ required: ['text'] }, { required: ['fields'] }],
  properties: {
    type: { const: 'section' },
    text: textObject(3000),
    fields: { type: 'array', minItems: 1, maxItems: 10, items: textObject(2000) },
    accessory: button,
    block_id: blockId,
  },
} as const;

const dividerBlock = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: { type: { const: 'divider' }, block_id: blockId },
} as const;

const contextBlock = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'elements'],
  properties: {
    type: { const: 'context' },
    elements: { type: 'array', minItems: 1, maxItems: 10, items: textObject(3000) },
    block_id: blockId,
  },
} as const;

const actionsBlock = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'elements'],
  properties: {
    type: { const: 'actions' },
    elements: { type: 'array', minItems: 1, maxItems: 25, items: button },
    block_id: blockId,
  },
} as const;

export const BLOCKS_SCHEMA = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    oneOf: [headerBlock, sectionBlock, dividerBlock, contextBlock, actionsBlock],
  },
} as const satisfies JSONSchema;

export type Block = FromSchema<typeof BLOCKS_SCHEMA>[number];
export type Button = FromSchema<typeof button>;
export type TextObject = FromSchema<ReturnType<typeof textObject>>;

// strictRequired off: a section's "text or fields" rule (`anyOf` of `required`) names properties declared
// one level up, which is valid JSON Schema that strict mode cannot see.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, discriminator: true });
// The discriminator (ajv's, not JSON Schema's) picks the branch by `type`, so an error names the one block
// kind it is about instead of listing every branch of the oneOf.
const validate = ajv.compile<Block[]>({
  ...BLOCKS_SCHEMA,
  items: { ...BLOCKS_SCHEMA.items, discriminator: { propertyName: 'type' } },
});

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'blocks' : `blocks${error.instancePath.replaceAll('/', '.')}`;
  if (error.keyword === 'discriminator') return `${where}: unsupported block type`;
  if (error.keyword === 'additionalProperties')
    return `${where}: unexpected field ${String(error.params['additionalProperty'])}`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

export type BlocksCheck = { ok: true; blocks: Block[] } | { ok: false; problems: string[] };

/** Checks blocks as Slack does; `problems` say what is wrong (the stand-in logs them with the request). */
export function checkBlocks(value: unknown): BlocksCheck {
  if (!validate(value)) return { ok: false, problems: (validate.errors ?? []).map(describe) };
  const problems: string[] = [];
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  value.forEach((block, index) => {
    if (block.block_id !== undefined) {
      if (blockIds.has(block.block_id))
        problems.push(`blocks.${index}.block_id: duplicate ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    for (const element of buttonsOf(block)) {
      if (element.action_id === undefined) continue;
      if (actionIds.has(element.action_id))
        problems.push(`blocks.${index}: duplicate action_id ${element.action_id}`);
      actionIds.add(element.action_id);
    }
  });
  return problems.length === 0 ? { ok: true, blocks: value } : { ok: false, problems };
}

/** The buttons a block carries: an actions block's elements, or a section's accessory. */
export function buttonsOf(block: Block): Button[] {
  if (block.type === 'actions') return [...block.elements];
  if (block.type === 'section' && block.accessory !== undefined) return [block.accessory];
  return [];
}

/**
 * What Slack stores: every block gets a `block_id` and every button an `action_id` (Slack makes them up when
 * the app leaves them out, and the press payload names them). Derived from the message's ts and version, so
 * stable.
 */
export function withIds(blocks: readonly Block[], version: string): Block[] {
  const tag = version.replace(/\D/g, '').slice(-6);
  return blocks.map((block, index) => {
    const block_id = block.block_id ?? `b${tag}${index}`;
    if (block.type === 'actions') {
      return {
        ...block,
        block_id,
        elements: block.elements.map((element, at) => ({
          ...element,
          action_id: element.action_id ?? `a${tag}${index}${at}`,
        })),
      };
    }
    if (block.type === 'section' && block.accessory !== undefined) {
      return {
        ...block,
        block_id,
        accessory: { ...block.accessory, action_id: block.accessory.action_id ?? `a${tag}${index}` },
      };
    }
    return { ...block, block_id };
  });
}
