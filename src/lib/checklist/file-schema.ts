/**
 * The checklist file (format 1) as a zod model, for the published JSON Schema at
 * /schemas/checklist.schema.json. The browser reads files with the smaller hand-written check in
 * file.ts; tests hold both to the same verdict.
 */
import { z } from 'zod';
import { checklistSchemaUrl, maxFileItems } from './file.ts';
import { maxNotesLength, maxOwnerLength } from './model.ts';

const day = z.iso
  .date()
  .describe('A calendar day, e.g. 2026-11-30');

const record = z.strictObject({
  done: day.optional().describe('The day the item was done or last checked'),
  owner: z.string().max(maxOwnerLength).optional().describe('Who owns the item'),
  due: day.optional().describe('The day it should be done by'),
  notes: z.string().max(maxNotesLength).optional(),
});

export const checklistFileSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(1),
  exportedAt: z.iso.datetime({ offset: true }).optional().describe('When the file was saved'),
  items: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/), record)
    .refine((items) => Object.keys(items).length <= maxFileItems)
    .describe('What the team recorded, by checklist item id'),
});

/** The JSON Schema (draft 2020-12) of a checklist file. */
export function checklistJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(checklistFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const items = (generated.properties as Record<string, Record<string, unknown>>).items!;
  items.maxProperties = maxFileItems;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: checklistSchemaUrl,
    title: 'Plainsec checklist',
    description: "A team's security checklist records: what is done and when, owners, due dates and notes, by item id.",
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  };
}
