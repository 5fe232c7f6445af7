/**
 * The result file (format 1) as a zod model, for the published JSON Schema and the command line.
 * The browser reads files with the smaller hand-written check in result-file.ts; tests hold both
 * to the same verdict.
 */
import { z } from 'zod';
import { practiceIds } from '../practices.ts';
import { evidenceLimits, evidenceUrlPattern } from './result-file.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/)
  .describe('An ISO 8601 date or date and time, e.g. 2026-11-30T09:00:00Z');

const answer = z
  .union([z.literal(0), z.literal(0.25), z.literal(0.5), z.literal(1), z.literal('NA'), z.literal('DK')])
  .describe('0 not yet, 0.25 some, 0.5 most, 1 all; "NA" doesn\'t apply to us; "DK" I don\'t know');

const respondent = z.strictObject({
  id: z.string().min(1).max(100).describe('Stable id of the person, made when they start'),
  name: z.string().max(100).optional(),
  role: z.string().max(100).optional(),
  answers: z.record(z.string(), answer).describe('Answers by question id'),
  reasons: z.record(z.string(), z.string().max(500)).optional().describe('Why a question does not apply, by question id'),
  answeredAt: isoDate.describe('When the answers were last changed'),
  answerDates: z.record(z.string(), isoDate).optional().describe('When each answer was given, by question id'),
});

const snapshot = z.strictObject({
  date: isoDate,
  scores: z.strictObject(
    Object.fromEntries(practiceIds.map((p) => [p, z.number().min(0).max(100).nullable().optional()])) as Record<
      (typeof practiceIds)[number],
      z.ZodOptional<z.ZodNullable<z.ZodNumber>>
    >,
  ),
  headlineLevel: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  people: z.array(z.string().max(100)).max(500).optional().describe("On a team's snapshot: the ids of the people whose answers it scored"),
  team: z.string().max(200).optional().describe("On a team's snapshot: the team's name then"),
  values: z
    .record(z.string().max(100), z.number().min(0).max(1).nullable())
    .optional()
    .describe("On a team's snapshot: each question's team value then (0 to 1), null where there was none"),
});

const evidence = z
  .looseObject({
    title: z.string().max(evidenceLimits.title),
    url: z.string().max(evidenceLimits.url).regex(evidenceUrlPattern).optional().describe('A web link: https:// or http://'),
    date: isoDate.describe('When the evidence was checked'),
    note: z.string().max(evidenceLimits.note).optional(),
    addedBy: z.string().max(evidenceLimits.addedBy).optional().describe('The id of the person who added it'),
  })
  .describe('Something that backs an answer up. Keys a newer Plainsec adds are kept');

const targets = z
  .strictObject(
    Object.fromEntries(practiceIds.map((p) => [p, z.union([z.literal(1), z.literal(2), z.literal(3)]).optional()])) as Record<
      (typeof practiceIds)[number],
      z.ZodOptional<z.ZodUnion<[z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>]>>
    >,
  )
  .describe('The level the team aims for, per practice (1 to 3)');

export const resultFileSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(1),
  modelVersion: z
    .union([z.number().int().min(1).max(999), z.string().max(100)])
    .optional()
    .describe(
      'The version of the assessment model the scores were computed under (2 now). Files saved before version 2 hold the question set here, as text, and are read as version 1',
    ),
  questionSet: z.string().max(100).optional().describe('The question set the answers were given against: <number of questions>-<hash of their ids>'),
  team: z.string().max(200).optional(),
  respondents: z.array(respondent).max(500),
  snapshots: z.array(snapshot).optional().describe('Scores each time the result was saved'),
  evidence: z.record(z.string().max(100), z.array(evidence).max(evidenceLimits.items)).optional().describe('What backs the answers up, by question id'),
  targets: targets.optional(),
});

const assessmentSchemaId = 'https://plainsec.dev/schemas/assessment.schema.json';

/** The JSON Schema (draft 2020-12) of a result file. */
export function assessmentJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(resultFileSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: assessmentSchemaId,
    title: 'Plainsec self-assessment result',
    description: "One or more people's answers to the Plainsec maturity questions, with the history of the team's scores.",
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  };
}
